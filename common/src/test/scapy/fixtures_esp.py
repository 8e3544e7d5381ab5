#!/usr/bin/python3
"""ESP (RFC 4303 §2) with NULL encryption (RFC 2410) so the trailer is visible, built by scapy's
SecurityAssociation and dissected with scapy's own NULL decryption: transport mode over IPv4 and IPv6 (a Mobility
Header Binding Update, next header 135), tunnel mode in UDP port 4500 (RFC 3948), 16-octet cipher blocks (13
octets of padding), no ICV, a dummy packet (next header 59) and a trailer padded with zeros."""
from scapy.all import IP, IPv6, UDP, Raw
from scapy.layers.inet6 import MIP6MH_BU
from scapy.layers.ipsec import CRYPT_ALGOS, ESP, CryptAlgo, SecurityAssociation, _ESPPlain
from fixturelib import out_dir, write

out = out_dir("esp")

# NULL encryption that pads to 16-octet blocks as AES-CBC would; scapy pads to lcm(block size, 4) (RFC 4303 §2.4).
CRYPT_ALGOS["NULL-16"] = CryptAlgo("NULL-16", cipher=None, mode=None, block_size=16, iv_size=0)
SHA1_KEY = bytes(range(20))
SHA256_KEY = bytes(range(32))


def esp_fields(raw, sa):
    packet = (IPv6 if raw[0] >> 4 == 6 else IP)(raw)
    esp = packet[ESP]
    icv_len = sa.auth_algo.icv_size
    plain = sa.crypt_algo.decrypt(sa, esp, sa.crypt_key, icv_len)
    encrypted = bytes(esp.data)
    trailer_end = len(encrypted) - icv_len
    return {"esp.offset": len(raw) - len(bytes(esp)), "esp.spi": esp.spi, "esp.seq": esp.seq,
            "esp.len": len(bytes(esp)), "esp.iv_len": len(plain.iv), "esp.icv_len": icv_len,
            "esp.icv": plain.icv, "esp.padlen": plain.padlen, "esp.nh": plain.nh,
            "esp.payload_len": len(bytes(plain.data)),
            # scapy 2.5 slices the padding after cutting it off the data, so read it from the octets themselves.
            "esp.padding": encrypted[trailer_end - 2 - plain.padlen:trailer_end - 2]}


def encrypt(sa, packet, seq):
    encrypted = sa.encrypt(packet, seq_num=seq)
    if sa.nat_t_header is not None:
        # scapy 2.5 copies the UDP header with length 8: let it compute the length again. The checksum stays zero
        # (RFC 3948 §2.1).
        encrypted[UDP].len = None
    raw = bytes(encrypted)
    sa.decrypt((IPv6 if raw[0] >> 4 == 6 else IP)(raw))  # scapy checks the ICV it made
    return raw


def crafted(sa, header, data, seq, nh, padding=None):
    """An ESP packet from its plaintext parts, for what SecurityAssociation.encrypt cannot make."""
    plain = _ESPPlain(spi=sa.spi, seq=seq, iv=b"", data=Raw(data), nh=nh)
    plain = sa.crypt_algo.pad(plain)
    if padding is not None:
        plain.padding = padding
        plain.padlen = len(padding)
    esp = sa.crypt_algo.encrypt(sa, plain, sa.crypt_key)
    return bytes(sa.auth_algo.sign(header / esp, sa.auth_key))


sha1 = SecurityAssociation(ESP, spi=0x00001000, crypt_algo="NULL", auth_algo="HMAC-SHA1-96", auth_key=SHA1_KEY)
block16 = SecurityAssociation(ESP, spi=0xC0FFEE01, crypt_algo="NULL-16", auth_algo="SHA2-256-128",
                              auth_key=SHA256_KEY)
no_auth = SecurityAssociation(ESP, spi=0x00000100, crypt_algo="NULL")
natt = SecurityAssociation(ESP, spi=0x4321ABCD, crypt_algo="NULL", auth_algo="HMAC-SHA1-96", auth_key=SHA1_KEY,
                           tunnel_header=IP(src="203.0.113.5", dst="192.0.2.1"),
                           nat_t_header=UDP(sport=4500, dport=4500))
mh = SecurityAssociation(ESP, spi=0x00ABCDEF, crypt_algo="NULL", auth_algo="HMAC-SHA1-96", auth_key=SHA1_KEY)

udp = IP(src="192.0.2.1", dst="198.51.100.7", id=1) / UDP(sport=434, dport=434) / Raw(b"hello")
# 8 + 9 octets of UDP: 17 + 2 trailer octets leave 13 to the next 16-octet block.
udp17 = IP(src="192.0.2.1", dst="198.51.100.7", id=2) / UDP(sport=4191, dport=4191) / Raw(b"123456789")
inner = IP(src="10.1.0.1", dst="10.2.0.2", id=3, ttl=63) / UDP(sport=53, dport=53) / Raw(b"q" * 10)
bu = IPv6(src="2001:db8:1::100", dst="2001:db8:1::1") / MIP6MH_BU(seq=7, flags=0x30, mhtime=100)

fixtures = [
    ("esp_null_sha1_udp", sha1, encrypt(sha1, udp, 1)),
    ("esp_block16_pad13", block16, encrypt(block16, udp17, 0xFFFFFFFF)),
    ("esp_no_icv", no_auth, encrypt(no_auth, udp, 2)),
    ("esp_natt_tunnel", natt, encrypt(natt, inner, 77)),
    ("esp_ipv6_mh_bu", mh, encrypt(mh, bu, 5)),
    ("esp_dummy", no_auth, crafted(no_auth, IP(src="192.0.2.1", dst="198.51.100.7", id=4, proto=50),
                                   bytes(9), 3, 59)),
]
for name, sa, raw in fixtures:
    write(out, name, raw, esp_fields(raw, sa))

# Refused by the codec (BAD_PADDING): padding of zeros instead of 1, 2, 3, ... (RFC 4303 §2.4).
raw = crafted(block16, IP(src="192.0.2.1", dst="198.51.100.7", id=5, proto=50), bytes(range(7)), 9, 17,
              padding=bytes(7))
write(out, "esp_zero_padding", raw, esp_fields(raw, block16))
