import FerryBalancing
import FerryModel
import Testing

@Suite struct KeyHasherTests {
    private static func hash(_ text: String, _ function: HashType.Function, avalanche: Bool = false) -> UInt32 {
        KeyHasher.hash(Array(text.utf8), using: HashType(function: function, avalanche: avalanche))
    }

    // Pinned from the definitions: sdbm h = c + (h << 6) + (h << 16) - h from 0; djb2 h = h * 33 + c from 5381;
    // wt6 from h0 = 0xa53c965a, h1 = 0x5ca6953a, steps 6 and 18; crc32 is the IEEE CRC.
    @Test func sdbm() {
        #expect(Self.hash("", .sdbm) == 0)
        #expect(Self.hash("a", .sdbm) == 97)
        #expect(Self.hash("ab", .sdbm) == 98 + 97 * 65599)
        #expect(Self.hash("/index.html", .sdbm) == 0x3324_2976)
        #expect(Self.hash("123456789", .sdbm) == 0x68A0_7035)
    }

    @Test func djb2() {
        #expect(Self.hash("", .djb2) == 5381)
        #expect(Self.hash("a", .djb2) == 5381 * 33 + 97)
        #expect(Self.hash("/index.html", .djb2) == 0xE114_B9CF)
        #expect(Self.hash("123456789", .djb2) == 0x35CD_BB82)
    }

    @Test func wt6() {
        #expect(Self.hash("", .wt6) == 0xA53C_965A ^ 0x5CA6_953A)
        #expect(Self.hash("a", .wt6) == 0x714B_F225)
        #expect(Self.hash("/index.html", .wt6) == 0x3101_077E)
        #expect(Self.hash("123456789", .wt6) == 0x84A1_6C1D)
    }

    @Test func crc32() {
        #expect(Self.hash("", .crc32) == 0)
        #expect(Self.hash("a", .crc32) == 0xE8B7_BE43)
        #expect(Self.hash("123456789", .crc32) == 0xCBF4_3926)
        #expect(Self.hash("/index.html", .crc32) == 0xEA22_4B42)
    }

    @Test func fnv1a() {
        #expect(KeyHasher.fnv1a([]) == 0x811C_9DC5)
        #expect(KeyHasher.fnv1a(Array("a".utf8)) == 0xE40C_292C)
        #expect(KeyHasher.fnv1a(Array("123456789".utf8)) == 0xBB86_B11C)
    }

    @Test func avalancheMixesTheResult() {
        #expect(KeyHasher.avalanche(0) == 0x6B4E_D927)
        #expect(Self.hash("/index.html", .sdbm, avalanche: true) == 0xFB63_160C)
        for function in HashType.Function.allCases {
            let raw = Self.hash("/index.html", function)
            #expect(Self.hash("/index.html", function, avalanche: true) == KeyHasher.avalanche(raw))
            #expect(KeyHasher.avalanche(raw) != raw)
        }
        // Neighbouring inputs end up far apart: on average half of the bits differ.
        let flipped = (UInt32(0)..<1000).map { (KeyHasher.avalanche($0) ^ KeyHasher.avalanche($0 + 1)).nonzeroBitCount }
        let mean = Double(flipped.reduce(0, +)) / Double(flipped.count)
        #expect(abs(mean - 16) < 1.5, "mean flipped bits \(mean)")
    }

    @Test func hashesAreDeterministicAndAcceptAnySequence() {
        for function in HashType.Function.allCases {
            let bytes = Array("/api/v1/users?id=42".utf8)
            #expect(KeyHasher.hash(bytes, using: HashType(function: function))
                == KeyHasher.hash(bytes[...], using: HashType(function: function)))
            #expect(KeyHasher.hash("/api/v1/users?id=42".utf8, using: HashType(function: function))
                == KeyHasher.hash(bytes, using: HashType(function: function)))
        }
    }

    @Test func sourceAddressHashXorsTheAddressWords() {
        #expect(KeyHasher.sourceAddressHash([192, 168, 1, 10], avalanche: false) == 0xC0A8_010A)
        let ipv6: [UInt8] = [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
        #expect(KeyHasher.sourceAddressHash(ipv6, avalanche: false) == 0x2001_0DB8 ^ 1)
        #expect(KeyHasher.sourceAddressHash([192, 168, 1, 10], avalanche: true) == KeyHasher.avalanche(0xC0A8_010A))
    }
}
