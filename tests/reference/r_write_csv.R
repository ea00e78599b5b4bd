# R's own CSV files, as a user writes them (issue 22): tests/data/r_*.csv, and the values the
# tests quote (tests/REFERENCES.md, R4). Run from the repository's folder:
#   Rscript tests/reference/r_write_csv.R
ap <- data.frame(time = as.numeric(time(AirPassengers)), AirPassengers = as.numeric(AirPassengers))
write.csv(ap, "tests/data/r_airpassengers.csv", row.names = FALSE)
write.csv(head(EuStockMarkets, 30), "tests/data/r_eustockmarkets_head.csv")
cat("R4 mean(AirPassengers[1:12]) =", format(mean(AirPassengers[1:12]), digits = 17), "\n")
cat("R4 mean(AirPassengers[133:144]) =", format(mean(AirPassengers[133:144]), digits = 17), "\n")
cat("R4 mean(EuStockMarkets[1:3, 'DAX']) =", format(mean(EuStockMarkets[1:3, "DAX"]), digits = 17), "\n")
cat("R version:", R.version.string, "\n")
