# Tornado diagram of a sensitivity study: one row per ranged value (largest swing on top), a
# bar from 0 to the metric's change (% of nominal) with the value at the low end of its range
# and one with it at the high end. Data: rank, y, label, change at low, change at high.
set xlabel @XLABEL@
set title font ','.sprintf('%g', 15 * fs)
unset ylabel
set lmargin at screen 0.50
set rmargin at screen 0.97
set yrange [0.3:@NROWS@+0.7]
set ytics nomirror scale 0 font ','.sprintf('%g', 13 * fs)
set xtics font ','.sprintf('%g', 16 * fs)
set grid xtics noytics
set xzeroaxis lt -1 lw 1
set style fill solid 0.85 border lc rgb '#404040'
set key outside top center horizontal font ','.sprintf('%g', 14 * fs)
h = 0.36
plot datafile using (0):2:(0 < $4 ? 0 : $4):(0 < $4 ? $4 : 0):($2-h):($2+h):ytic(3) \
         with boxxyerror lt 1 title 'value at the low end', \
     '' using (0):2:(0 < $5 ? 0 : $5):(0 < $5 ? $5 : 0):($2-h):($2+h) \
         with boxxyerror lt 2 title 'value at the high end'
