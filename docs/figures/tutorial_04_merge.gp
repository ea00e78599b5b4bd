# the figure goes to gnuplot's standard output: gnuplot < THIS_FILE > FIGURE
reset session
set encoding utf8
set terminal svg size 880,520 font 'Sans,12' background rgb 'white'
set termoption noenhanced
set linetype 1 lc rgb '#0072B2' lw 2
set linetype 2 lc rgb '#D55E00' lw 2
set linetype 3 lc rgb '#009E73' lw 2
set linetype 4 lc rgb '#CC79A7' lw 2
set linetype 5 lc rgb '#E69F00' lw 2
set linetype 6 lc rgb '#56B4E9' lw 2
set linetype 7 lc rgb '#000000' lw 2
set linetype 8 lc rgb '#F0E442' lw 2
set key below horizontal height 1 width 1
set format y '%g'
set grid lc rgb 'gray85'
set title 'Two chunks join: a''s weights in V(a), times beta^len(b), continue b''s (beta 0.9)'
set xlabel 't (sample)'
unset logscale y
unset xdata
set format x '%g'
set size noratio
unset colorbox
set autoscale yfix
set yrange [0:0.115]
set offsets graph 0.02, graph 0.02, graph 0.05, 0
unset arrow
unset label
unset object
set ylabel 'weight of the sample'
unset lmargin
set xtics autofreq
set xrange [*:*]
set autoscale xfix
set arrow 1 from 6.5, graph 0 to 6.5, graph 1 nohead dt 3 lc rgb 'gray40'
set label 1 'a | b' at 6.5, graph 0.95 right offset -0.5,0
plot '-' using 1:2 with points lt 1 pt 7 ps 1.4 lc rgb '#0072B2' title 'chunk a, its weights in V(a)', '-' using 1:2 with impulses lt 2 lw 2 lc rgb '#D55E00' title 'chunk a, in V(a + b): times beta^4', '-' using 1:2 with impulses lt 3 lw 2 lc rgb '#009E73' title 'chunk b, in V(b) and in V(a + b)'
1 0.059048999999999997
2 0.065609999999999988
3 0.072899999999999993
4 0.080999999999999989
5 0.089999999999999983
6 0.099999999999999978
e
1 0.038742048899999999
2 0.043046720999999996
3 0.047829689999999994
4 0.053144099999999993
5 0.05904899999999999
6 0.065609999999999988
e
7 0.072899999999999993
8 0.080999999999999989
9 0.089999999999999983
10 0.099999999999999978
e
