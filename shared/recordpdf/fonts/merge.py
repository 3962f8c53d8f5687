"""Merges DejaVu Sans (Latin, Greek, Cyrillic) with a CJK subset of Droid Sans Fallback into one
TrueType font, so one font sets every run of text."""
import sys
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from fontTools.merge import Merger
base, cjk, out, name, tmp = sys.argv[1:6]
b = TTFont(base); c = TTFont(cjk)
for t in ("MATH", "GSUB", "GPOS", "GDEF", "kern", "hdmx", "VDMX", "LTSH", "prep", "fpgm", "cvt ", "gasp", "FFTM", "vhea", "vmtx"):
    for x in (b, c):
        if t in x:
            del x[t]
if c["head"].unitsPerEm != b["head"].unitsPerEm:
    scale_upem(c, b["head"].unitsPerEm)
o = b["OS/2"]
if o.version < 3:
    o.version = 3
    o.sxHeight, o.sCapHeight, o.usDefaultChar, o.usBreakChar, o.usMaxContext = 1120, 1493, 0, 32, 0
c["OS/2"].version = 3
b.save(tmp + "/a.ttf")
c.save(tmp + "/b.ttf")
f = Merger().merge([tmp + "/a.ttf", tmp + "/b.ttf"])
for rec in f["name"].names:
    if rec.nameID in (1, 3, 4, 6):
        rec.string = name.replace(" ", "") if rec.nameID == 6 else name
f.save(out)
