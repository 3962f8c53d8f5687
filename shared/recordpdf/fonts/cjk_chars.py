"""Writes the code points of the CJK subset recordpdf embeds (argument: the output file):
the characters of GB2312 (symbols, kana, level 1 hanzi: the 3,755 most used), JIS X 0208
(symbols, kana, level 1 kanji: 2,965) and KS X 1001 (symbols, jamo, the 2,350 Hangul
syllables), above U+2000 (DejaVu Sans covers what is below)."""
import sys
cps = set()
def rng(codec, hi0, hi1, lo0=0xA1, lo1=0xFE):
    for hi in range(hi0, hi1 + 1):
        for lo in range(lo0, lo1 + 1):
            try:
                cps.update(ord(c) for c in bytes([hi, lo]).decode(codec))
            except UnicodeDecodeError:
                pass
rng("gb2312", 0xA1, 0xA9)   # GB2312 symbols, punctuation, kana, full-width forms
rng("gb2312", 0xB0, 0xD7)   # GB2312 level 1 hanzi (3,755)
rng("euc_jp", 0xA1, 0xA8)   # JIS X 0208 symbols, kana
rng("euc_jp", 0xB0, 0xCF)   # JIS X 0208 level 1 kanji (2,965)
rng("euc_kr", 0xA1, 0xAC)   # KS X 1001 symbols, jamo
rng("euc_kr", 0xB0, 0xC8)   # KS X 1001 Hangul syllables (2,350)
cps = {c for c in cps if c > 0x2000}
open(sys.argv[1], "w").write(",".join("U+%04X" % c for c in sorted(cps)))
