package dsmipha.shim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dsmipha.shim.DescriptorRingDescriptor.MAX_CAPACITY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeShimTest
{
    @Test
    void shouldLoadLibraryWithMatchingAbiVersion()
    {
        assertEquals(NativeShim.ABI_VERSION, NativeShim.abiVersion());
        assertTrue(Files.isRegularFile(NativeShim.libraryPath()), NativeShim.libraryPath().toString());
        assertTrue(NativeShim.lookup().find("dsmipha_ring_enqueue_burst").isPresent());
    }

    @Test
    void shouldAgreeOnRingLengthWithC()
    {
        for (int capacity = 1; capacity <= MAX_CAPACITY && capacity > 0; capacity <<= 1)
        {
            assertEquals(DescriptorRingDescriptor.ringLength(capacity), NativeShim.ringBytes(capacity));
        }
        assertEquals(0, NativeShim.ringBytes(0));
        assertEquals(0, NativeShim.ringBytes(3));
        assertEquals(0, NativeShim.ringBytes(Integer.MIN_VALUE));
    }

    @ParameterizedTest
    @CsvSource({
        "0, -3", "3, -3", "6, -3", "1000, -3", "-1, -3", "2147483647, -3", "-2147483648, -4" })
    void shouldRejectBadCapacityWithErrorCode(final int capacity, final int expectedStatus)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment ring = arena.allocate(4096, 64);
            ring.fill((byte)0xA5);

            assertEquals(expectedStatus, NativeShim.ringInit(ring, capacity));
            assertEquals((byte)0xA5, ring.get(ValueLayout.JAVA_BYTE, 0), "memory untouched on error");
            assertEquals((byte)0xA5, ring.get(ValueLayout.JAVA_BYTE, DescriptorRingDescriptor.MAGIC_OFFSET));
        }
    }

    @Test
    void shouldRejectNullAndMisalignedRing()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment ring = arena.allocate(4096, 64);
            assertEquals(NativeShim.ERR_NULL, NativeShim.ringInit(MemorySegment.NULL, 8));
            assertEquals(NativeShim.ERR_ALIGNMENT, NativeShim.ringInit(ring.asSlice(8), 8));
            assertEquals(NativeShim.OK, NativeShim.ringInit(ring, 8));
        }
    }

    @Test
    void shouldDescribeErrorCodes()
    {
        assertEquals("ok", NativeShim.errorMessage(NativeShim.OK));
        assertEquals("ring address is NULL", NativeShim.errorMessage(NativeShim.ERR_NULL));
        assertEquals("ring address is not aligned to 64 octets", NativeShim.errorMessage(NativeShim.ERR_ALIGNMENT));
        assertEquals(
            "ring capacity is not a power of two (or is 0)",
            NativeShim.errorMessage(NativeShim.ERR_CAPACITY_NOT_POWER_OF_TWO));
        assertEquals(
            "ring capacity is larger than 2^30 descriptors", NativeShim.errorMessage(NativeShim.ERR_CAPACITY_TOO_LARGE));
        assertEquals("unknown dsmipha_shim status code", NativeShim.errorMessage(42));
    }

    @Test
    void shouldThrowClearErrorWhenAllocatingBadCapacity()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final IllegalArgumentException notPowerOfTwo = assertThrows(
                IllegalArgumentException.class, () -> NativeDescriptorRing.allocate(arena, 1000));
            assertEquals(
                "dsmipha_ring_init(capacity=1000) failed with -3: ring capacity is not a power of two (or is 0)",
                notPowerOfTwo.getMessage());

            final IllegalArgumentException zero = assertThrows(
                IllegalArgumentException.class, () -> NativeDescriptorRing.allocate(arena, 0));
            assertTrue(zero.getMessage().contains("failed with -3"), zero.getMessage());

            final IllegalArgumentException tooLarge = assertThrows(
                IllegalArgumentException.class, () -> NativeDescriptorRing.allocate(arena, Integer.MIN_VALUE));
            assertEquals(
                "dsmipha_ring_init(capacity=2147483648) failed with -4: ring capacity is larger than 2^30 descriptors",
                tooLarge.getMessage());
        }
    }
}
