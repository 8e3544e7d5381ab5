package dsmipha.slowpath.neighbor;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.testing.ScapyFixtures;

/**
 * The committed neighbour fixtures must be exactly what this module's scapy scripts produce.
 */
class NeighborScapyFixturesTest
{
    @Test
    void committedFixturesAreWhatScapyBuilds(@TempDir final Path out) throws Exception
    {
        ScapyFixtures.assertCommittedMatchScripts(
            Path.of("src/test/scapy"), Path.of("src/test/resources/fixtures"), out);
    }
}
