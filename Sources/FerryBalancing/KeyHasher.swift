import FerryModel

/// The hash functions of `hash-type`, giving the same values as HAProxy's for the same input. (Which server a
/// value then selects depends on the balancer's table or ring, which are Ferry's own.)
///
/// All results are stable across processes and platforms (unlike Swift's `Hasher`, which is seeded per process):
/// a key must keep its server across restarts and between the instances of a cluster.
public enum KeyHasher {
    /// The hash of `bytes` with the function of `hashType`, followed by ``avalanche(_:)`` when it says so.
    public static func hash(_ bytes: some Sequence<UInt8>, using hashType: HashType) -> UInt32 {
        let raw: UInt32 = switch hashType.function {
        case .sdbm: sdbm(bytes)
        case .djb2: djb2(bytes)
        case .wt6: wt6(bytes)
        case .crc32: crc32(bytes)
        }
        return hashType.avalanche ? avalanche(raw) : raw
    }

    /// The key of `balance source`: HAProxy does not run the address through the hash function but XORs its
    /// 32-bit big-endian words (one for IPv4, four for IPv6), then applies ``avalanche(_:)`` if asked.
    ///
    /// - Parameter addressBytes: The client address in network order (4 or 16 bytes); trailing bytes that do not
    ///   fill a word are ignored.
    public static func sourceAddressHash(
        _ addressBytes: some Sequence<UInt8>, avalanche applyAvalanche: Bool
    ) -> UInt32 {
        var hash: UInt32 = 0
        var word: UInt32 = 0
        var filled = 0
        for byte in addressBytes {
            word = word << 8 | UInt32(byte)
            filled += 1
            if filled == 4 {
                hash ^= word
                word = 0
                filled = 0
            }
        }
        return applyAvalanche ? avalanche(hash) : hash
    }

    /// 32-bit FNV-1a, for keys Ferry derives itself (not an HAProxy `hash-type` function).
    public static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes {
            hash ^= UInt32(byte)
            hash &*= 0x0100_0193
        }
        return hash
    }

    /// Bob Jenkins' 32-bit integer mix, HAProxy's `avalanche`: every input bit flips about half the output bits,
    /// which makes inputs of low entropy (short URIs, sequential IDs) spread over a consistent-hash ring.
    public static func avalanche(_ value: UInt32) -> UInt32 {
        var a = value
        a = (a &+ 0x7ED5_5D16) &+ (a << 12)
        a = (a ^ 0xC761_C23C) ^ (a >> 19)
        a = (a &+ 0x1656_67B1) &+ (a << 5)
        a = (a &+ 0xD3A2_646C) ^ (a << 9)
        a = (a &+ 0xFD70_46C5) &+ (a << 3)
        a = (a ^ 0xB55A_4F09) ^ (a >> 16)
        return a
    }

    /// `sdbm`: hash × 65599 + byte, written with shifts as in the original.
    static func sdbm(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var hash: UInt32 = 0
        for byte in bytes {
            hash = UInt32(byte) &+ (hash << 6) &+ (hash << 16) &- hash
        }
        return hash
    }

    /// `djb2`: hash × 33 + byte, from 5381.
    static func djb2(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var hash: UInt32 = 5381
        for byte in bytes {
            hash = (hash << 5) &+ hash &+ UInt32(byte)
        }
        return hash
    }

    /// `wt6`: Willy Tarreau's hash of two 32-bit halves whose rotation amounts depend on the data.
    static func wt6(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var h0: UInt32 = 0xA53C_965A
        var h1: UInt32 = 0x5CA6_953A
        var step0: UInt32 = 6
        var step1: UInt32 = 18
        for byte in bytes {
            let value = UInt32(byte)
            h0 = ~(h0 ^ value)
            h1 = ~(h1 &+ value)
            let rotated = rotateLeft(h1, by: step0)
            h1 = rotateLeft(h0, by: step1)
            h0 = rotated
            let mixed = ((h0 >> 16) ^ h1) & 0xFFFF
            step0 = mixed & 0x1F
            step1 = mixed >> 11
        }
        return h0 ^ h1
    }

    /// The common CRC-32 (IEEE 802.3, reflected, as in zlib).
    static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = crc32Table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return ~crc
    }

    /// The CRC of each byte value, so that `crc32` processes a byte per step instead of a bit.
    private static let crc32Table: [UInt32] = (0..<256).map { byte in
        var crc = UInt32(byte)
        for _ in 0..<8 {
            crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
        }
        return crc
    }

    /// Rotation by 0...31; Swift's smart shifts make `value >> 32` zero, so a rotation by 0 is `value` as expected.
    private static func rotateLeft(_ value: UInt32, by amount: UInt32) -> UInt32 {
        value << amount | value >> (32 - amount)
    }
}
