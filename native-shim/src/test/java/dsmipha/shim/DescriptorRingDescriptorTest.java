package dsmipha.shim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dsmipha.shim.DescriptorRingDescriptor.MAX_CAPACITY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DescriptorRingDescriptorTest
{
    @ParameterizedTest
    @CsvSource({
        "1, 1", "2, 2", "3, 4", "4, 4", "5, 8", "31, 32", "32, 32", "33, 64", "1000, 1024", "1024, 1024",
        "1025, 2048", "536870913, 1073741824", "1073741824, 1073741824" })
    void shouldRoundCapacityUpToPowerOfTwo(final int requested, final int expected)
    {
        assertEquals(expected, DescriptorRingDescriptor.capacityFor(requested));
        assertTrue(DescriptorRingDescriptor.isValidCapacity(expected));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, -1, Integer.MIN_VALUE, MAX_CAPACITY + 1, Integer.MAX_VALUE })
    void shouldRejectCapacityThatCannotBeRounded(final int requested)
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> DescriptorRingDescriptor.capacityFor(requested));
        assertTrue(ex.getMessage().contains("ring capacity must be in [1, 1073741824]"), ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 3, 6, 1000, -1, Integer.MIN_VALUE, MAX_CAPACITY + 1 })
    void shouldNotAcceptInvalidCapacity(final int capacity)
    {
        assertFalse(DescriptorRingDescriptor.isValidCapacity(capacity));
    }

    @Test
    void shouldPlaceIndicesOnSeparateCacheLines()
    {
        assertEquals(0, DescriptorRingDescriptor.PRODUCER_INDEX_OFFSET % 64);
        assertEquals(64, DescriptorRingDescriptor.CONSUMER_INDEX_OFFSET);
        assertEquals(128, DescriptorRingDescriptor.HEADER_LENGTH);
        assertEquals(128 + 16 * 1024L, DescriptorRingDescriptor.ringLength(1024));
        assertEquals(128 + 16 * 5L, DescriptorRingDescriptor.slotOffset(5));
    }
}
