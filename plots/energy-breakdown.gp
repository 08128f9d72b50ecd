# Energy per inference by component: one stacked bar per run.
# Data: a header (run, then one column per component) and one row per run.
set ylabel @YLABEL@
set style data histograms
set style histogram rowstacked gap 1
set style fill solid 0.9 border rgb '#ffffff'
set boxwidth 0.75 relative
set xtics rotate by 30 right
set grid noxtics ytics
set yrange [0:*]
set key outside right top vertical
plot for [c=2:@NCOL@] datafile using c:xtic(1) title columnheader(c)
