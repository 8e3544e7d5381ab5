package dsmipha.common.codec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.mh.AlternateCareOfAddressOption;
import dsmipha.common.codec.mh.BindingAuthorizationDataOption;
import dsmipha.common.codec.mh.BindingRefreshAdviceOption;
import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.common.codec.mh.DnsUpdateOption;
import dsmipha.common.codec.mh.Ipv4AddressAcknowledgementOption;
import dsmipha.common.codec.mh.Ipv4CareOfAddressOption;
import dsmipha.common.codec.mh.Ipv4HomeAddressOption;
import dsmipha.common.codec.mh.MobileNetworkPrefixOption;
import dsmipha.common.codec.mh.MobilityOption;
import dsmipha.common.codec.mh.MobilityOptionIterator;
import dsmipha.common.codec.mh.NatDetectionOption;
import dsmipha.common.codec.mh.NonceIndicesOption;
import dsmipha.common.codec.mh.ServiceSelectionOption;

/**
 * Jazzer fuzz test of the mobility option walk: the input is a Mobility Header laid out like a Binding Update
 * (options from octet 12, alignment measured from octet 0) without the header checks, so the fuzzer reaches the
 * option rules directly. Every call returns a known type, END or a status; the walk ends; every option returned,
 * and every field its flyweight reads, lies inside the input. Runs its seed corpus in regression mode under
 * {@code mvn test}; fuzz with {@code JAZZER_FUZZ=1 mvn -pl common test -Dtest=MobilityOptionIteratorFuzzTest}.
 */
class MobilityOptionIteratorFuzzTest
{
    private final MobilityOptionIterator options = new MobilityOptionIterator();
    private final BindingRefreshAdviceOption refreshAdvice = new BindingRefreshAdviceOption();
    private final AlternateCareOfAddressOption alternateCareOf = new AlternateCareOfAddressOption();
    private final NonceIndicesOption nonceIndices = new NonceIndicesOption();
    private final BindingAuthorizationDataOption authorization = new BindingAuthorizationDataOption();
    private final MobileNetworkPrefixOption networkPrefix = new MobileNetworkPrefixOption();
    private final DnsUpdateOption dnsUpdate = new DnsUpdateOption();
    private final ServiceSelectionOption serviceSelection = new ServiceSelectionOption();
    private final Ipv4HomeAddressOption homeAddress = new Ipv4HomeAddressOption();
    private final Ipv4AddressAcknowledgementOption acknowledgement = new Ipv4AddressAcknowledgementOption();
    private final NatDetectionOption natDetection = new NatDetectionOption();
    private final Ipv4CareOfAddressOption careOfAddress = new Ipv4CareOfAddressOption();
    private final byte[] scratch = new byte[255];
    private long sink;

    @FuzzTest(maxDuration = "5m")
    void iterate(final byte[] input)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(Math.max(1, input.length));
            MemorySegment.copy(input, 0, segment, ValueLayout.JAVA_BYTE, 0, input.length);
            final long limit = input.length;
            options.reset(segment, 0, Math.min(BindingUpdate.FIXED_LENGTH, limit), limit);
            long previous = -1;
            int calls = 0;
            int type;
            while (true)
            {
                type = options.next();
                assertTrue(++calls <= input.length + 1, "walk did not end");
                if (type == MobilityOptionIterator.END || type < 0)
                {
                    break;
                }
                assertTrue(options.offset() > previous);
                assertTrue(options.valueOffset() + options.length() <= limit);
                final int modulus = MobilityOptionIterator.alignmentModulus(type);
                if (modulus != 0)
                {
                    assertEquals(MobilityOptionIterator.alignmentRemainder(type), options.offset() % modulus);
                }
                final MobilityOption option = read(type);
                assertEquals(type, option.type());
                assertEquals(options.length(), option.length());
                previous = options.offset();
            }
            assertTrue(type == MobilityOptionIterator.END || type == CodecStatus.BAD_OPTION ||
                type == CodecStatus.BAD_ALIGNMENT, "status " + type);
            assertEquals(type, options.next(), "the walk stays ended");
        }
    }

    private MobilityOption read(final int type)
    {
        final MobilityOption option = switch (type)
        {
            case BindingRefreshAdviceOption.TYPE -> readRefreshAdvice();
            case AlternateCareOfAddressOption.TYPE -> readAlternateCareOf();
            case NonceIndicesOption.TYPE -> readNonceIndices();
            case BindingAuthorizationDataOption.TYPE -> readAuthorization();
            case MobileNetworkPrefixOption.TYPE -> readNetworkPrefix();
            case DnsUpdateOption.TYPE -> readDnsUpdate();
            case ServiceSelectionOption.TYPE -> readServiceSelection();
            case Ipv4HomeAddressOption.TYPE -> readHomeAddress();
            case Ipv4AddressAcknowledgementOption.TYPE -> readAcknowledgement();
            case NatDetectionOption.TYPE -> readNatDetection();
            case Ipv4CareOfAddressOption.TYPE -> readCareOfAddress();
            default -> throw new AssertionError("iterator returned unknown type " + type);
        };
        assertTrue(option.valueOffset() + option.length() <= options.limit());
        return option;
    }

    private MobilityOption readRefreshAdvice()
    {
        sink += refreshAdvice.wrap(options).refreshIntervalSeconds();
        return refreshAdvice;
    }

    private MobilityOption readAlternateCareOf()
    {
        alternateCareOf.wrap(options).getAddress(scratch, 0);
        return alternateCareOf;
    }

    private MobilityOption readNonceIndices()
    {
        sink += nonceIndices.wrap(options).homeNonceIndex() + nonceIndices.careOfNonceIndex();
        return nonceIndices;
    }

    private MobilityOption readAuthorization()
    {
        authorization.wrap(options).getAuthenticator(scratch, 0);
        return authorization;
    }

    private MobilityOption readNetworkPrefix()
    {
        networkPrefix.wrap(options).getPrefix(scratch, 0);
        sink += networkPrefix.reserved() + networkPrefix.prefixLength();
        return networkPrefix;
    }

    private MobilityOption readDnsUpdate()
    {
        dnsUpdate.wrap(options).getIdentity(scratch, 0);
        sink += dnsUpdate.status() + dnsUpdate.flags() + (dnsUpdate.remove() ? 1 : 0);
        return dnsUpdate;
    }

    private MobilityOption readServiceSelection()
    {
        serviceSelection.wrap(options).getIdentifier(scratch, 0);
        return serviceSelection;
    }

    private MobilityOption readHomeAddress()
    {
        sink += homeAddress.wrap(options).prefixLength() + homeAddress.reserved() + homeAddress.address() +
            (homeAddress.prefixRequested() ? 1 : 0);
        return homeAddress;
    }

    private MobilityOption readAcknowledgement()
    {
        sink += acknowledgement.wrap(options).status() + acknowledgement.prefixLength() +
            acknowledgement.reserved() + acknowledgement.address();
        return acknowledgement;
    }

    private MobilityOption readNatDetection()
    {
        sink += natDetection.wrap(options).reserved() + natDetection.refreshTimeSeconds() +
            (natDetection.forceUdp() ? 1 : 0);
        return natDetection;
    }

    private MobilityOption readCareOfAddress()
    {
        sink += careOfAddress.wrap(options).reserved() + careOfAddress.address();
        return careOfAddress;
    }
}
