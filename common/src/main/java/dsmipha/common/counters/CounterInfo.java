package dsmipha.common.counters;

/**
 * What one counter is: its stable id, its label and a line saying what it counts.
 *
 * @param id          stable id, stored as the counter's type id.
 * @param label       stable label, lower case with dashes.
 * @param description what is counted.
 */
public record CounterInfo(int id, String label, String description)
{
}
