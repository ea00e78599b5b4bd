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
set title 'The lag of an SMA on a ramp: (N-1)/2 steps'
set xlabel 't'
unset logscale y
unset xdata
set format x '%g'
set size noratio
unset colorbox
set autoscale yfix
set yrange [*:*]
set offsets 0, 0, graph 0.05, graph 0.05
unset arrow
unset label
unset object
set ylabel 'value'
unset lmargin
set xtics autofreq
set xrange [*:*]
set autoscale xfix
plot '-' using 1:2 with points lt 1 pt 7 ps 0.35 lc rgb 'gray50' title 'ramp S_t = t', '-' using 1:2 with lines lt 2 lw 2 lc rgb '#0072B2' title 'SMA 5 (lag 2)', '-' using 1:2 with lines lt 3 lw 2 lc rgb '#D55E00' title 'SMA 20 (lag 9.5)', '-' using 1:2 with lines lt 4 lw 2 lc rgb '#009E73' title 'SMA 50 (lag 24.5)'
1 1
2 2
3 3
4 4
5 5
6 6
7 7
8 8
9 9
10 10
11 11
12 12
13 13
14 14
15 15
16 16
17 17
18 18
19 19
20 20
21 21
22 22
23 23
24 24
25 25
26 26
27 27
28 28
29 29
30 30
31 31
32 32
33 33
34 34
35 35
36 36
37 37
38 38
39 39
40 40
41 41
42 42
43 43
44 44
45 45
46 46
47 47
48 48
49 49
50 50
51 51
52 52
53 53
54 54
55 55
56 56
57 57
58 58
59 59
60 60
61 61
62 62
63 63
64 64
65 65
66 66
67 67
68 68
69 69
70 70
71 71
72 72
73 73
74 74
75 75
76 76
77 77
78 78
79 79
80 80
e
5 3
6 4
7 5
8 6
9 7
10 8
11 9
12 10
13 11
14 12
15 13
16 14
17 15
18 16
19 17
20 18
21 19
22 20
23 21
24 22
25 23
26 24
27 25
28 26
29 27
30 28
31 29
32 30
33 31
34 32
35 33
36 34
37 35
38 36
39 37
40 38
41 39
42 40
43 41
44 42
45 43
46 44
47 45
48 46
49 47
50 48
51 49
52 50
53 51
54 52
55 53
56 54
57 55
58 56
59 57
60 58
61 59
62 60
63 61
64 62
65 63
66 64
67 65
68 66
69 67
70 68
71 69
72 70
73 71
74 72
75 73
76 74
77 75
78 76
79 77
80 78
e
20 10.5
21 11.5
22 12.5
23 13.5
24 14.5
25 15.5
26 16.5
27 17.5
28 18.5
29 19.5
30 20.5
31 21.5
32 22.5
33 23.5
34 24.5
35 25.5
36 26.5
37 27.5
38 28.5
39 29.5
40 30.5
41 31.5
42 32.5
43 33.5
44 34.5
45 35.5
46 36.5
47 37.5
48 38.5
49 39.5
50 40.5
51 41.5
52 42.5
53 43.5
54 44.5
55 45.5
56 46.5
57 47.5
58 48.5
59 49.5
60 50.5
61 51.5
62 52.5
63 53.5
64 54.5
65 55.5
66 56.5
67 57.5
68 58.5
69 59.5
70 60.5
71 61.5
72 62.5
73 63.5
74 64.5
75 65.5
76 66.5
77 67.5
78 68.5
79 69.5
80 70.5
e
50 25.5
51 26.5
52 27.5
53 28.5
54 29.5
55 30.5
56 31.5
57 32.5
58 33.5
59 34.5
60 35.5
61 36.5
62 37.5
63 38.5
64 39.5
65 40.5
66 41.5
67 42.5
68 43.5
69 44.5
70 45.5
71 46.5
72 47.5
73 48.5
74 49.5
75 50.5
76 51.5
77 52.5
78 53.5
79 54.5
80 55.5
e
