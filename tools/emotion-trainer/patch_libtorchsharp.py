"""Rewrites a copy of TorchSharp's libLibTorchSharp.so so it loads with GCC 12's libstdc++ (Debian 12).

The library asks for version GLIBCXX_3.4.32 (GCC 13) for one symbol, std::ios_base_library_init(). This
renames that version requirement to GLIBCXX_3.4.30 (same length, in place) in .dynstr and fixes its hash in
.gnu.version_r. The symbol's own version is cleared afterwards with patchelf, and the symbol itself comes from
a small preloaded shim (see prepare-native.sh). Training-time only: the product never loads TorchSharp.

usage: patch_libtorchsharp.py SOURCE DESTINATION
"""
import shutil
import struct
import sys

OLD, NEW = b"GLIBCXX_3.4.32", b"GLIBCXX_3.4.30"


def elf_hash(name: bytes) -> int:
    h = 0
    for c in name:
        h = ((h << 4) + c) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h


def main(source: str, destination: str) -> None:
    shutil.copyfile(source, destination)
    with open(destination, "r+b") as f:
        data = bytearray(f.read())
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            sys.exit("not a little-endian 64-bit ELF file")
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
        sections = []
        for i in range(shnum):
            name, kind, _, _, offset, size, link, info = struct.unpack_from("<IIQQQQII", data, shoff + i * shentsize)
            sections.append((name, kind, offset, size, link, info))
        names_offset = sections[shstrndx][2]

        def section_name(entry):
            end = data.index(b"\0", names_offset + entry[0])
            return bytes(data[names_offset + entry[0]:end]).decode()

        verneed = next(s for s in sections if section_name(s) == ".gnu.version_r")
        strings = sections[verneed[4]][2]
        patched = 0
        offset = verneed[2]
        for _ in range(verneed[5]):
            _, _, _, aux, next_need = struct.unpack_from("<HHIII", data, offset)
            entry = offset + aux
            while True:
                _, flags, other, name, next_aux = struct.unpack_from("<IHHII", data, entry)
                start = strings + name
                if bytes(data[start:start + len(OLD) + 1]) == OLD + b"\0":
                    data[start:start + len(NEW)] = NEW
                    struct.pack_into("<IHHII", data, entry, elf_hash(NEW), flags, other, name, next_aux)
                    patched += 1
                if next_aux == 0:
                    break
                entry += next_aux
            if next_need == 0:
                break
            offset += next_need
        if patched == 0:
            sys.exit(f"no {OLD.decode()} requirement found: is this TorchSharp 0.107.0's libLibTorchSharp.so?")
        f.seek(0)
        f.write(data)
    print(f"{destination}: {patched} version requirement(s) {OLD.decode()} -> {NEW.decode()}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
