"""TFRecord files of tf.train.Example records, written and read with
Python's own code (TensorFlow is not installed, and the tests must not use
Loom's reader to check Loom's reader): the record framing with masked
CRC-32C, and the protobuf wire format of Example, Features, Feature and
the three list messages (docs/datasets.md)."""

import struct


def _crc_table():
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
        table.append(crc)
    return table


_TABLE = _crc_table()


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc(data):
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def frame(record):
    """One record's TFRecord framing."""
    length = struct.pack("<Q", len(record))
    return (length + struct.pack("<I", masked_crc(length)) + record +
            struct.pack("<I", masked_crc(record)))


def _varint(value):
    value &= (1 << 64) - 1
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _field(number, payload):
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def example_bytes(features, packed=True):
    """A serialized tf.train.Example of {name: (kind, values)}, kind one of
    "float", "int64", "bytes"."""
    entries = b""
    for name, (kind, values) in features.items():
        if kind == "bytes":
            body = b"".join(_field(1, v) for v in values)
            number = 1
        elif kind == "float":
            if packed:
                body = _field(1, struct.pack("<%df" % len(values), *values))
            else:
                body = b"".join(b"\x0d" + struct.pack("<f", v) for v in values)
            number = 2
        else:
            if packed:
                body = _field(1, b"".join(_varint(int(v)) for v in values))
            else:
                body = b"".join(b"\x08" + _varint(int(v)) for v in values)
            number = 3
        entry = _field(1, name.encode()) + _field(2, _field(number, body))
        entries += _field(1, entry)
    return _field(1, entries)


def write_tfrecord(path, examples):
    with open(path, "wb") as f:
        for example in examples:
            f.write(frame(example_bytes(example)))


def _read_varint(data, pos):
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def _fields(data):
    pos = 0
    while pos < len(data):
        tag, pos = _read_varint(data, pos)
        number, wire = tag >> 3, tag & 7
        if wire == 2:
            length, pos = _read_varint(data, pos)
            yield number, data[pos:pos + length]
            pos += length
        elif wire == 0:
            value, pos = _read_varint(data, pos)
            yield number, value
        elif wire == 5:
            yield number, data[pos:pos + 4]
            pos += 4
        else:
            raise ValueError("wire type %d" % wire)


def parse_example(data):
    """{name: (kind, values)} of a serialized Example with packed lists."""
    features = {}
    for _, entries in _fields(data):
        for _, entry in _fields(entries):
            name, value = None, b""
            for number, payload in _fields(entry):
                if number == 1:
                    name = payload.decode()
                else:
                    value = payload
            for number, body in _fields(value):
                values = []
                for _, payload in _fields(body):
                    if number == 1:
                        values.append(payload)
                    elif number == 2:
                        values += struct.unpack("<%df" % (len(payload) // 4),
                                                payload)
                    else:
                        pos = 0
                        while pos < len(payload):
                            v, pos = _read_varint(payload, pos)
                            values.append(v - (1 << 64) if v >> 63 else v)
                features[name] = ({1: "bytes", 2: "float", 3: "int64"}[number],
                                  values)
    return features


def read_tfrecord(path):
    """The records of a TFRecord file, CRCs checked."""
    with open(path, "rb") as f:
        data = f.read()
    records, pos = [], 0
    while pos < len(data):
        (length,) = struct.unpack_from("<Q", data, pos)
        assert struct.unpack_from("<I", data, pos + 8)[0] == masked_crc(
            data[pos:pos + 8])
        record = data[pos + 12:pos + 12 + length]
        assert struct.unpack_from("<I", data, pos + 12 + length)[0] == \
            masked_crc(record)
        records.append(record)
        pos += 16 + length
    return records
