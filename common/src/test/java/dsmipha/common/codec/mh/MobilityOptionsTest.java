package dsmipha.common.codec.mh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;

/**
 * Every option flyweight: its fields against scapy's fixtures, and encoding at every starting position so the
 * alignment padding the encoder inserts is what the iterator (and RFC 6275 §6.2.1) accepts.
 */
class MobilityOptionsTest
{
    private final MobilityHeader mh = new MobilityHeader();
    private final MobilityOptionIterator options = new MobilityOptionIterator();

    @Test
    void nemoBindingUpdateOptions()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "bu_nemo");
            assertEquals(CodecStatus.OK, mh.wrap(f.segment(), f.mh(), f.limit()));
            options.reset(mh);

            assertEquals(AlternateCareOfAddressOption.TYPE, options.next());
            final AlternateCareOfAddressOption altCoa = new AlternateCareOfAddressOption().wrap(options);
            assertEquals(AlternateCareOfAddressOption.TYPE, altCoa.type());
            assertEquals(f.intField("opt.0.len"), altCoa.length());
            final byte[] address = new byte[16];
            altCoa.getAddress(address, 0);
            assertArrayEquals(f.bytesField("opt.0.acoa"), address);
            assertEquals(altCoa.valueOffset(), altCoa.addressOffset());

            for (int i = 1; i <= 2; i++)
            {
                assertEquals(MobileNetworkPrefixOption.TYPE, options.next());
                final MobileNetworkPrefixOption mnp = new MobileNetworkPrefixOption().wrap(options);
                assertEquals(f.intField("opt." + i + ".len"), mnp.length());
                assertEquals(f.intField("opt." + i + ".reserved"), mnp.reserved());
                assertEquals(f.intField("opt." + i + ".plen"), mnp.prefixLength());
                mnp.getPrefix(address, 0);
                assertArrayEquals(f.bytesField("opt." + i + ".prefix"), address);
            }

            assertEquals(Ipv4HomeAddressOption.TYPE, options.next());
            final Ipv4HomeAddressOption hoa = new Ipv4HomeAddressOption().wrap(options);
            assertEquals(f.intField("opt.3.plen"), hoa.prefixLength());
            assertTrue(hoa.prefixRequested());
            assertEquals(f.intField("opt.3.p") == 1, hoa.prefixRequested());
            assertEquals(f.intField("opt.3.addr"), hoa.address());

            assertEquals(DnsUpdateOption.TYPE, options.next());
            final DnsUpdateOption dns = new DnsUpdateOption().wrap(options);
            assertEquals(f.intField("opt.4.len"), dns.length());
            assertEquals(f.intField("opt.4.status"), dns.status());
            assertEquals(f.intField("opt.4.r") == 1, dns.remove());
            final byte[] identity = new byte[dns.identityLength()];
            dns.getIdentity(identity, 0);
            assertArrayEquals(f.bytesField("opt.4.identity"), identity);
            assertEquals("mn1.example.com", new String(identity, StandardCharsets.US_ASCII));
            assertArrayEquals(f.bytesField("opt.4.odata"), MhFixtures.bytes(f.segment(), dns.valueOffset(), dns.length()));

            assertEquals(ServiceSelectionOption.TYPE, options.next());
            final ServiceSelectionOption service = new ServiceSelectionOption().wrap(options);
            final byte[] identifier = new byte[service.identifierLength()];
            service.getIdentifier(identifier, 0);
            assertArrayEquals(f.bytesField("opt.5.identifier"), identifier);
            assertArrayEquals(f.bytesField("opt.5.odata"),
                MhFixtures.bytes(f.segment(), service.identifierOffset(), service.identifierLength()));

            assertEquals(MobilityOptionIterator.END, options.next());
            assertEquals(1, options.skippedCount());
        }
    }

    @Test
    void returnRoutabilityBindingUpdateOptions()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "bu_rr");
            assertEquals(CodecStatus.OK, mh.wrap(f.segment(), f.mh(), f.limit()));
            options.reset(mh);
            assertEquals(AlternateCareOfAddressOption.TYPE, options.next());
            assertEquals(NonceIndicesOption.TYPE, options.next());
            final NonceIndicesOption nonces = new NonceIndicesOption().wrap(options);
            assertEquals(f.intField("opt.1.len"), nonces.length());
            assertEquals(f.intField("opt.1.hni"), nonces.homeNonceIndex());
            assertEquals(f.intField("opt.1.coni"), nonces.careOfNonceIndex());

            assertEquals(BindingAuthorizationDataOption.TYPE, options.next());
            final BindingAuthorizationDataOption auth = new BindingAuthorizationDataOption().wrap(options);
            assertEquals(BindingAuthorizationDataOption.RETURN_ROUTABILITY_LENGTH, auth.authenticatorLength());
            assertEquals(f.intField("opt.2.len"), auth.authenticatorLength());
            final byte[] authenticator = new byte[auth.authenticatorLength()];
            auth.getAuthenticator(authenticator, 0);
            assertArrayEquals(f.bytesField("opt.2.authenticator"), authenticator);
            assertEquals(2, (auth.offset() - f.mh()) % 8, "8n+2");
            assertEquals(MobilityOptionIterator.END, options.next());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
    void everyOptionEncodedAfterAnyPrefixIsAlignedAndDecodesBack(final int prefix)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(512);
            mh.wrapForEncode(segment, 0);
            new BindingUpdate().start(mh);
            if (prefix > 0)
            {
                // an unaligned option first: a Service Selection of 'prefix' octets, 2 + prefix octets in all
                new ServiceSelectionOption().appendTo(mh, new byte[prefix]);
            }
            new BindingRefreshAdviceOption().appendTo(mh).refreshInterval(150);
            new AlternateCareOfAddressOption().appendTo(mh).address(MhFixtures.COA, 0);
            new Ipv4HomeAddressOption().appendTo(mh).prefixLength(32).prefixRequested(true).address(0x0A000001);
            new NonceIndicesOption().appendTo(mh).homeNonceIndex(7).careOfNonceIndex(8);
            new MobileNetworkPrefixOption().appendTo(mh).prefixLength(64).prefix(MhFixtures.HA, 0);
            new DnsUpdateOption().appendTo(mh, "a.b".getBytes(StandardCharsets.US_ASCII)).status(129).remove(true);
            new Ipv4AddressAcknowledgementOption().appendTo(mh).status(133).prefixLength(30).address(0x0A000002);
            new NatDetectionOption().appendTo(mh).forceUdp(true).refreshTimeSeconds(0xFFFF_FFFEL);
            new Ipv4CareOfAddressOption().appendTo(mh).address(0xC6336414);
            final byte[] authenticator = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
            new BindingAuthorizationDataOption().appendTo(mh, authenticator.length).authenticator(authenticator, 0);
            final int length = mh.finish();
            assertEquals(0, length % 8);

            assertEquals(CodecStatus.OK, mh.wrap(segment, 0, length));
            options.reset(mh);
            if (prefix > 0)
            {
                assertEquals(ServiceSelectionOption.TYPE, options.next());
                assertEquals(prefix, options.length());
            }
            assertEquals(BindingRefreshAdviceOption.TYPE, options.next());
            final BindingRefreshAdviceOption bra = new BindingRefreshAdviceOption().wrap(options);
            assertEquals(150, bra.refreshInterval());
            assertEquals(BindingRefreshAdviceOption.LENGTH, bra.length());

            assertEquals(AlternateCareOfAddressOption.TYPE, options.next());
            final byte[] address = new byte[16];
            new AlternateCareOfAddressOption().wrap(options).getAddress(address, 0);
            assertArrayEquals(MhFixtures.COA, address);

            assertEquals(Ipv4HomeAddressOption.TYPE, options.next());
            final Ipv4HomeAddressOption hoa = new Ipv4HomeAddressOption().wrap(options);
            assertEquals(32, hoa.prefixLength());
            assertTrue(hoa.prefixRequested());
            assertEquals(0, hoa.reserved());
            assertEquals(0x0A000001, hoa.address());
            assertEquals(0x8200, Bytes.u16(segment, hoa.offset() + 2), "Prefix-len 32 << 10 | P 0x0200");

            assertEquals(NonceIndicesOption.TYPE, options.next());
            final NonceIndicesOption nonces = new NonceIndicesOption().wrap(options);
            assertEquals(7, nonces.homeNonceIndex());
            assertEquals(8, nonces.careOfNonceIndex());

            assertEquals(MobileNetworkPrefixOption.TYPE, options.next());
            final MobileNetworkPrefixOption mnp = new MobileNetworkPrefixOption().wrap(options);
            assertEquals(64, mnp.prefixLength());
            assertEquals(0, mnp.reserved());
            mnp.getPrefix(address, 0);
            assertArrayEquals(MhFixtures.HA, address);

            assertEquals(DnsUpdateOption.TYPE, options.next());
            final DnsUpdateOption dns = new DnsUpdateOption().wrap(options);
            assertEquals(129, dns.status());
            assertTrue(dns.remove());
            assertEquals(DnsUpdateOption.FLAG_REMOVE, dns.flags());
            assertEquals(3, dns.identityLength());
            assertEquals('a', Bytes.u8(segment, dns.identityOffset()));

            assertEquals(Ipv4AddressAcknowledgementOption.TYPE, options.next());
            final Ipv4AddressAcknowledgementOption ack = new Ipv4AddressAcknowledgementOption().wrap(options);
            assertEquals(133, ack.status());
            assertFalse(ack.success());
            assertEquals(30, ack.prefixLength());
            assertEquals(0, ack.reserved());
            assertEquals(0x0A000002, ack.address());

            assertEquals(NatDetectionOption.TYPE, options.next());
            final NatDetectionOption nat = new NatDetectionOption().wrap(options);
            assertTrue(nat.forceUdp());
            assertEquals(0, nat.reserved());
            assertEquals(0xFFFF_FFFEL, nat.refreshTimeSeconds());

            assertEquals(Ipv4CareOfAddressOption.TYPE, options.next());
            final Ipv4CareOfAddressOption coa = new Ipv4CareOfAddressOption().wrap(options);
            assertEquals(0xC6336414, coa.address());
            assertEquals(0, coa.reserved());

            assertEquals(BindingAuthorizationDataOption.TYPE, options.next());
            final byte[] decoded = new byte[12];
            new BindingAuthorizationDataOption().wrap(options).getAuthenticator(decoded, 0);
            assertArrayEquals(authenticator, decoded);
            assertEquals(MobilityOptionIterator.END, options.next());
        }
    }

    @Test
    void settersLeaveTheOtherBitsOfSharedWordsAlone()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(64);
            mh.wrapForEncode(segment, 0);
            new BindingUpdate().start(mh);
            final Ipv4HomeAddressOption hoa = new Ipv4HomeAddressOption().appendTo(mh);
            hoa.prefixRequested(true).prefixLength(63);
            assertEquals(63, hoa.prefixLength());
            assertTrue(hoa.prefixRequested());
            hoa.prefixRequested(false);
            assertEquals(63, hoa.prefixLength());
            hoa.prefixLength(0);
            assertFalse(hoa.prefixRequested());
            assertEquals(0, Bytes.u16(segment, hoa.offset() + 2));

            final NatDetectionOption nat = new NatDetectionOption().appendTo(mh).forceUdp(true);
            assertEquals(0x8000, Bytes.u16(segment, nat.offset() + 2));
            nat.forceUdp(false);
            assertEquals(0, Bytes.u16(segment, nat.offset() + 2));

            final DnsUpdateOption dns = new DnsUpdateOption().appendTo(mh, new byte[0]).remove(true);
            assertEquals(0, dns.identityLength());
            dns.remove(false);
            assertEquals(0, dns.flags());
        }
    }

    @Test
    void wrapAtAnOffsetReadsTheSameOption()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "bu_dsmip");
            final long at = f.mh() + f.intField("opt.0.offset");
            final Ipv4HomeAddressOption hoa = new Ipv4HomeAddressOption().wrap(f.segment(), at);
            assertEquals(at, hoa.offset());
            assertEquals(f.segment(), hoa.segment());
            assertEquals(f.intField("opt.0.addr"), hoa.address());
            assertEquals(at + Ipv4HomeAddressOption.ADDRESS_OFFSET, hoa.addressOffset());
            final Ipv4CareOfAddressOption coa =
                new Ipv4CareOfAddressOption().wrap(f.segment(), f.mh() + f.intField("opt.1.offset"));
            assertEquals(f.intField("opt.1.addr"), coa.address());
        }
    }
}
