# Energy per inference by component: one group of bars per run (the total, then each
# component), on a logarithmic axis so that small components stay visible. One fixed colour
# per component in every figure (@COLOURS@, in data-column order).
# Data: a header (run, total, then one column per component) and one row per run; '?' where
# a run has no energy in a component.
set ylabel @YLABEL@
set style data histograms
set style histogram clustered gap 1
set style fill solid 1.0 noborder
set boxwidth 1.0 relative
set grid noxtics ytics
set logscale y
set format y '%g'
set yrange [@YMIN@:*]
set xtics scale 0 font ','.sprintf('%g', 16 * fs)
set key outside bottom center horizontal maxcols 4 reverse Left samplen 1 spacing 0.85 width 1 font ','.sprintf('%g', 14 * fs)
set xrange [-0.55:@NROWS@-0.45]
colours = @COLOURS@
plot for [c=2:@NCOL@] datafile using c:xtic(1) title columnheader(c) lc rgb word(colours, c-1)
