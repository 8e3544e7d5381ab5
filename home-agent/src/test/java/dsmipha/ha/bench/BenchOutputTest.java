package dsmipha.ha.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The bench's text parsing and formatting: openssl speed and testpmd output as those tools print them, the JSON
 * numbers, the table row.
 */
class BenchOutputTest
{
    @Test
    void readsOpensslSpeedRow()
    {
        final String output = """
            The 'numbers' are in 1000s of bytes per second processed.
            type             16 bytes     64 bytes    256 bytes   1024 bytes   8192 bytes  16384 bytes
            AES-128-GCM      33546.66k   134634.56k   501682.94k  1405038.59k  3196338.18k  3755753.47k
            """;

        final double[] rates = Ceilings.parseOpenssl(output);

        assertEquals(6, rates.length);
        assertEquals(134_634_560.0, rates[1], 1);
        assertEquals(1_405_038_590.0, rates[3], 1);
        assertNull(Ceilings.parseOpenssl("no such cipher"));
    }

    @Test
    void testpmdMedianSumsBothPortsAndSkipsStartUp()
    {
        final StringBuilder output = new StringBuilder();
        final long[] perPort = { 0, 5_000_000, 20_000_000, 21_000_000, 19_000_000 };
        for (final long pps : perPort)
        {
            output.append("  Rx-pps:   ").append(pps).append("   Rx-bps: 0\n");
            output.append("  Tx-pps:   ").append(pps).append("   Tx-bps: 0\n");
            output.append("  Rx-pps:   ").append(pps).append("   Rx-bps: 0\n");
        }

        // Periods 0 and 1 are start-up; the rest sum to 40, 42 and 38 Mpps: median 40.
        assertEquals(40.0, Ceilings.parseTestpmd(output.toString()), 1e-9);
        assertNull(Ceilings.parseTestpmd("  Rx-pps: 1\n  Rx-pps: 1\n"));
    }

    @Test
    void jsonNumbersAndNulls()
    {
        assertEquals("null", BenchResult.number(null));
        assertEquals("12", BenchResult.number(12L));
        assertEquals("1.5", BenchResult.number(1.5));
        assertEquals("0", BenchResult.number(0.0));
        assertEquals("0.1235", BenchResult.number(0.123456));
        assertEquals("null", BenchResult.number(Double.NaN));
    }

    @Test
    void restartLineCarriesItsFieldsAndTableShowsDashes()
    {
        final BenchSettings settings = new BenchSettings(BenchScenarios.RESTART, 1, List.of(), 1000, 64, "mix", 0, 1,
            0);
        final BenchResult result = new BenchResult(settings, null, null, null, null, null, null, null, null, 0L, 0.25,
            null, null);

        assertEquals("{\"scenario\":\"restart\",\"workers\":1,\"bindings\":1000,\"packet_size\":null," +
            "\"encap\":null,\"mpps\":null,\"gbps\":null,\"p50_ns\":null,\"p99_ns\":null,\"p999_ns\":null," +
            "\"alloc_bytes_per_packet\":null," +
            "\"cpu\":null,\"lost_bindings\":0,\"restore_seconds\":0.25}", result.toJson());
        assertTrue(BenchReport.tableRow(result).startsWith("restart "), BenchReport.tableRow(result));
        assertTrue(BenchReport.tableRow(result).endsWith("0.250"), BenchReport.tableRow(result));
    }

    @Test
    void imixPacketSizeIsAString()
    {
        final BenchSettings settings = new BenchSettings(BenchScenarios.DOWNLINK, 2, List.of(0, 1), 10,
            BenchSettings.IMIX, "4in4", 0, 1, 0);
        final BenchResult result = new BenchResult(settings, 1.0, 2.0, 10L, 20L, 30L, 0.0, 1.0, null, null, null,
            null, null);

        assertTrue(result.toJson().contains("\"packet_size\":\"imix\""), result.toJson());
        assertEquals("downlink 4in4", result.label());
        assertArrayEquals(new int[]{ 3 }, new int[]{ TrafficFrames.variantIndex("4in4") });
    }
}
