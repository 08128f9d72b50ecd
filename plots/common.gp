# Settings shared by every xformer figure; `xformer plot` fills in the @NAMES@.
# Layout: 1050 x 750 px PNG (3.5 in at 300 dpi: one paper column) with 20 pt text, and the
# same figure as a 525 x 375 pt SVG with 10 pt text (appended at the end of the script).
datafile = @DATA@
pngfile = @PNG@
svgfile = @SVG@

set datafile separator "\t"
set datafile missing '?'
if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
    set terminal pngcairo size 1050,750 noenhanced font 'Sans,20' linewidth 2.5
} else {
    set terminal png size 1050,750 noenhanced font 'Sans,20' linewidth 2.5
}
set output pngfile

set title @TITLE@ noenhanced
set border 3
set tics nomirror out
set grid back lc rgb '#d0d0d0' lw 0.5
set key noenhanced opaque box lc rgb '#c0c0c0' samplen 2.5
set mxtics default
set mytics default

# Okabe-Ito colours (distinguishable with colour-vision deficiencies), distinct symbols
set linetype 1 lc rgb '#0072B2' pt 7 ps 1.4 lw 2
set linetype 2 lc rgb '#D55E00' pt 5 ps 1.3 lw 2
set linetype 3 lc rgb '#009E73' pt 9 ps 1.6 lw 2
set linetype 4 lc rgb '#CC79A7' pt 11 ps 1.6 lw 2
set linetype 5 lc rgb '#E69F00' pt 13 ps 1.5 lw 2
set linetype 6 lc rgb '#56B4E9' pt 15 ps 1.5 lw 2
set linetype 7 lc rgb '#F0E442' pt 4 ps 1.3 lw 2
set linetype 8 lc rgb '#000000' pt 6 ps 1.3 lw 2
set linetype 9 lc rgb '#999999' pt 8 ps 1.4 lw 2
set linetype 10 lc rgb '#882255' pt 10 ps 1.4 lw 2
set linetype 11 lc rgb '#117733' pt 12 ps 1.4 lw 2
set linetype 12 lc rgb '#332288' pt 14 ps 1.4 lw 2
set linetype 13 lc rgb '#44AA99' pt 1 ps 1.4 lw 2
set linetype 14 lc rgb '#AA4499' pt 2 ps 1.4 lw 2
set linetype cycle 14

