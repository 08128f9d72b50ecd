# Settings shared by every xformer figure; `xformer plot` fills in the @NAMES@.
# Layout: 1050 x 750 px PNG (3.5 in at 300 dpi: one paper column) with 20 pt text, the same
# figure as a 525 x 375 pt SVG with 10 pt text and as a 3.5 x 2.5 in PDF with 7 pt text.
# Legends sit outside the plotted data (below it).
datafile = @DATA@
pngfile = @PNG@
svgfile = @SVG@
pdffile = @PDF@

set datafile separator "\t"
set datafile missing '?'
# The terminal and its output come before this (the script draws the figure once per format);
# fs scales a font size given here to it (1 for the 20 pt PNG, 0.5 for the SVG, 0.35 for the
# PDF): write font ','.sprintf('%g', 16 * fs), not font ',16'.

set title @TITLE@ noenhanced
set border 3
set tics nomirror out
set grid back lc rgb '#d0d0d0' lw 0.5
set key noenhanced nobox samplen 2 spacing 1.1
set key outside bottom center horizontal
set mxtics default
set mytics default

# Okabe-Ito colours (distinguishable with colour-vision deficiencies; its yellow, pale on
# white, is left out), then Tol's muted ones, distinct symbols
set linetype 1 lc rgb '#0072B2' pt 7 ps 1.4 lw 2
set linetype 2 lc rgb '#D55E00' pt 5 ps 1.3 lw 2
set linetype 3 lc rgb '#009E73' pt 9 ps 1.6 lw 2
set linetype 4 lc rgb '#CC79A7' pt 11 ps 1.6 lw 2
set linetype 5 lc rgb '#E69F00' pt 13 ps 1.5 lw 2
set linetype 6 lc rgb '#56B4E9' pt 15 ps 1.5 lw 2
set linetype 7 lc rgb '#661100' pt 4 ps 1.3 lw 2
set linetype 8 lc rgb '#000000' pt 6 ps 1.3 lw 2
set linetype 9 lc rgb '#999999' pt 8 ps 1.4 lw 2
set linetype 10 lc rgb '#882255' pt 10 ps 1.4 lw 2
set linetype 11 lc rgb '#117733' pt 12 ps 1.4 lw 2
set linetype 12 lc rgb '#332288' pt 14 ps 1.4 lw 2
set linetype 13 lc rgb '#44AA99' pt 1 ps 1.4 lw 2
set linetype 14 lc rgb '#AA4499' pt 2 ps 1.4 lw 2
set linetype cycle 14

