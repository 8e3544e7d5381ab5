package dsmipha.common.counters;

/**
 * One counter read from a counters file.
 *
 * @param counterId  slot number in the file.
 * @param typeId     the stable id of what is counted ({@link CounterDescriptor#id()}).
 * @param ownerIndex the owner (worker or port number) that writes it.
 * @param label      owner name and counter label, e.g. {@code worker-0: rx-packets}.
 * @param value      the value when read.
 */
public record CounterSample(int counterId, int typeId, int ownerIndex, String label, long value)
{
}
