package dsmipha.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Properties;

/**
 * A packet built by an independent tool (scapy, see {@code common/src/test/scapy/}) and the field values that tool
 * reports for it. Fixtures live on the class path at {@code fixtures/<group>/<name>.hex} and
 * {@code fixtures/<group>/<name>.properties}.
 *
 * @param group  fixture group (one scapy script per group).
 * @param name   fixture name inside the group.
 * @param bytes  the packet octets.
 * @param fields the expected field values, as scapy decoded them.
 */
public record Fixture(String group, String name, byte[] bytes, Properties fields)
{
    /** Octets placed in front of the packet when it is copied into a segment, as a real frame has headroom. */
    public static final int HEADROOM = 128;

    /**
     * Load a fixture from the class path.
     *
     * @param group fixture group.
     * @param name  fixture name.
     * @return the fixture.
     */
    public static Fixture load(final String group, final String name)
    {
        final String base = "/fixtures/" + group + "/" + name;
        final String hex = read(base + ".hex").strip();
        final Properties fields = new Properties();
        try
        {
            fields.load(new StringReader(read(base + ".properties")));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        return new Fixture(group, name, HexFormat.of().parseHex(hex), fields);
    }

    /**
     * Copy the packet into a fresh native segment at offset {@link #HEADROOM}; the segment ends with the packet so
     * any read past the packet fails loudly.
     *
     * @param arena to allocate from.
     * @return the segment.
     */
    public MemorySegment toSegment(final Arena arena)
    {
        final MemorySegment segment = arena.allocate(HEADROOM + bytes.length);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, HEADROOM, bytes.length);
        return segment;
    }

    /**
     * @return offset one past the packet's last octet in {@link #toSegment}.
     */
    public long limit()
    {
        return HEADROOM + bytes.length;
    }

    /**
     * @param key field name as written by the scapy script.
     * @return the value as a long (decimal or 0x-prefixed hex).
     */
    public long longField(final String key)
    {
        final String value = field(key);
        return value.startsWith("0x") ? Long.parseUnsignedLong(value.substring(2), 16) : Long.parseLong(value);
    }

    /**
     * @param key field name as written by the scapy script.
     * @return the value as an int.
     */
    public int intField(final String key)
    {
        return (int)longField(key);
    }

    /**
     * @param key field name as written by the scapy script.
     * @return the raw string value.
     */
    public String field(final String key)
    {
        final String value = fields.getProperty(key);
        if (value == null)
        {
            throw new IllegalArgumentException("fixture " + group + "/" + name + " has no field " + key);
        }
        return value;
    }

    private static String read(final String resource)
    {
        try (InputStream in = Fixture.class.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalArgumentException("missing fixture resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
