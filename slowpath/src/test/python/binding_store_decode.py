#!/usr/bin/python3
"""Independent decoder of the binding store's files (dsmipha.slowpath.registration.BindingStore), written from the
layout in BindingStore's javadoc and /work/helpers/pools-doc.md, not from the Java code. Prints one JSON object:
{"kind": .., "records": [..], "stop": null | "torn" | "crc" | "bad-record" | "bad-file"}.
CRC32C (Castagnoli, reflected polynomial 0x82F63B78) is computed here bit by bit from its definition."""
import ipaddress
import json
import struct
import sys

MAGIC = b"DSMIPBS\x00"


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def v6(raw):
    return str(ipaddress.IPv6Address(raw))


def v4(raw):
    return str(ipaddress.IPv4Address(raw))


def mac(raw):
    return ":".join("%02x" % b for b in raw)


def decode_put(body):
    out = {
        "home": v6(body[0:16]), "careOf": v6(body[16:32]), "ha": v6(body[32:48]),
        "expiryEpochMs": struct.unpack(">q", body[48:56])[0], "bindingId": struct.unpack(">q", body[56:64])[0],
        "peerMac": mac(body[64:70]), "localMac": mac(body[70:76]),
        "natPeerIpv4": v4(body[76:80]), "localIpv4": v4(body[80:84]),
        "ipv4Home": v4(body[84:88]), "ipv4Prefix": v4(body[88:92]),
    }
    (out["natPeerPort"], out["localPort"], out["portIndex"], out["flags"], out["sequence"]) = \
        struct.unpack(">5H", body[92:102])
    out["transport"] = body[102]
    out["ipv4HomeLength"], out["ipv4HomeDynamic"] = body[103] & 0x7F, bool(body[103] & 0x80)
    out["ipv4PrefixLength"], out["ipv4PrefixDynamic"] = body[104] & 0x7F, bool(body[104] & 0x80)
    (count,) = struct.unpack(">H", body[106:108])
    if len(body) != 108 + 17 * count:
        return None
    out["mnps"] = ["%s/%d" % (v6(body[108 + 17 * i:124 + 17 * i]), body[124 + 17 * i]) for i in range(count)]
    return out


def main(path):
    data = open(path, "rb").read()
    result = {"kind": None, "records": [], "stop": None}
    if len(data) < 16 or data[0:8] != MAGIC:
        result["stop"] = "bad-file"
        return result
    version, kind = struct.unpack(">HH", data[8:12])
    result["kind"] = {1: "snapshot", 2: "journal"}.get(kind, kind)
    pos = 16
    while pos < len(data):
        if len(data) - pos < 12:
            result["stop"] = "torn"
            break
        length, crc = struct.unpack(">II", data[pos:pos + 8])
        if length > 65536:
            result["stop"] = "crc"
            break
        if len(data) - pos < 12 + length:
            result["stop"] = "torn"
            break
        if crc32c(data[pos + 8:pos + 12 + length]) != crc:
            result["stop"] = "crc"
            break
        rtype, rversion = data[pos + 8], data[pos + 9]
        body = data[pos + 12:pos + 12 + length]
        if rversion == 1 and rtype == 2 and length == 16:
            result["records"].append({"type": "REMOVE", "home": v6(body)})
        elif rversion == 1 and rtype == 1 and length >= 108 and decode_put(body) is not None:
            record = decode_put(body)
            record["type"] = "PUT"
            result["records"].append(record)
        else:
            result["stop"] = "bad-record"
            break
        pos += 12 + length
    return result


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
