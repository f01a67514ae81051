# Baseline of `npm run bench`: R's survey package rakes the exported citizens' responses to the census
# margins and estimates every answer column (svymean of each as a factor), as the report does.
# Usage: Rscript bench/r-baseline.R responses.csv margins.csv
# Prints one JSON line: rows used, variables estimated, seconds for reading, raking and estimating.
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(survey))
t0 <- proc.time()[["elapsed"]]
d <- read.csv(args[1], colClasses = "character", na.strings = "", check.names = FALSE, encoding = "UTF-8")
m <- read.csv(args[2], colClasses = c("character", "character", "numeric"))
t1 <- proc.time()[["elapsed"]]

# The census margins: age × sex crossed, and quartiere; respondents outside them (sex "altro",
# "preferisco non dire") are left out here, as R's rake needs every unit in a category.
crossed <- m[m$variable == "eta*sesso", ]
quartieri <- m[m$variable == "quartiere", ]
d$eta_sesso <- paste(d$eta, d$sesso, sep = "*")
d <- d[d$eta_sesso %in% crossed$category & d$quartiere %in% quartieri$category, ]
pop_es <- data.frame(eta_sesso = crossed$category, Freq = crossed$population)
pop_q <- data.frame(quartiere = quartieri$category, Freq = quartieri$population)
base <- svydesign(ids = ~1, weights = ~rep(1, nrow(d)), data = d)
raked <- rake(base, list(~eta_sesso, ~quartiere), list(pop_es, pop_q), control = list(maxit = 100, epsilon = 1e-10))
t2 <- proc.time()[["elapsed"]]

meta <- c("response_id", "survey_version", "channel", "submitted_at", "synthetic", "eta_sesso")
candidates <- setdiff(names(d), meta)
# The first 60 columns with 2 to 60 distinct answers: choices, scales and matrix rows (free text is
# not estimated), about the number of estimated variables of the report.
vars <- head(Filter(function(v) { k <- length(unique(na.omit(d[[v]]))); k >= 2 && k <= 60 }, candidates), 60)
for (v in vars) {
  raked$variables[[".x"]] <- factor(d[[v]])
  svymean(~.x, raked, na.rm = TRUE)
}
t3 <- proc.time()[["elapsed"]]
cat(sprintf('{"rows":%d,"variables":%d,"readS":%.3f,"rakeS":%.3f,"estimateS":%.3f}\n', nrow(d), length(vars), t1 - t0, t2 - t1, t3 - t2))
