# The R values the tests quote (tests/REFERENCES.md lists each with this call).
# Run by hand with Debian's r-cran-ttr and r-cran-data.table:  Rscript tests/reference/ttr_values.R
suppressPackageStartupMessages({ library(TTR); library(data.table) })
cat("R", as.character(getRversion()), "TTR", as.character(packageVersion("TTR")),
    "data.table", as.character(packageVersion("data.table")), "\n")
x <- c(22.27, 22.19, 22.08, 22.17, 22.18, 22.13, 22.23, 22.43, 22.24, 22.29,
       22.15, 22.39, 22.38, 22.61, 23.36, 24.05, 23.75, 23.83, 23.95, 23.63)
show <- function(label, v) cat(label, "->", sprintf("%.17g", v), "\n")
show("TTR::EMA(x, n = 5)", EMA(x, n = 5))
show("TTR::EMA(x, n = 5, wilder = TRUE)", EMA(x, n = 5, wilder = TRUE))
show("TTR::EMA(c(NA, NA, x), n = 3)", EMA(c(NA, NA, x[1:6]), n = 3))
show("data.table::frollmean(c(1, Inf, 2, 3, 4, 5), 2, algo = 'exact')", frollmean(c(1, Inf, 2, 3, 4, 5), 2, algo = "exact"))
show("data.table::frollmean(c(1, Inf, -Inf, 3, 4), 2, algo = 'exact')", frollmean(c(1, Inf, -Inf, 3, 4), 2, algo = "exact"))
