"""Golden figures for SeedStatisticsTest (evaluate's repeated-seed statistics).

The reference is SciPy: np.mean, np.std(ddof=1), scipy.stats.ttest_ind(x, y, equal_var=False)
(Welch's t-test, two-sided) and the confidence interval of the difference of means from the
Welch-Satterthwaite degrees of freedom and scipy.stats.t.ppf. Cases are accuracies as evaluate
sees them (fractions), including unequal sizes and very unequal spreads.

    /usr/bin/python3 plugins/stages/src/test/python/make_statistics_golden.py

File: plugins/stages/src/test/resources/golden/statistics.json
"""

import json
import os

import numpy as np
import scipy
from scipy import stats

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "resources", "golden",
                   "statistics.json")


def welch(x, y, confidence):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    result = stats.ttest_ind(x, y, equal_var=False)
    vx, vy = x.var(ddof=1) / len(x), y.var(ddof=1) / len(y)
    se = np.sqrt(vx + vy)
    df = (vx + vy) ** 2 / (vx ** 2 / (len(x) - 1) + vy ** 2 / (len(y) - 1))
    diff = x.mean() - y.mean()
    q = stats.t.ppf(1 - (1 - confidence) / 2, df)
    return {
        "x": x.tolist(), "y": y.tolist(), "confidence": confidence,
        "meanX": float(x.mean()), "sdX": float(x.std(ddof=1)),
        "difference": float(diff), "t": float(result.statistic), "df": float(df),
        "p": float(result.pvalue), "low": float(diff - q * se), "high": float(diff + q * se),
    }


def main():
    rng = np.random.default_rng(20261206)
    cases = [
        welch([0.8712, 0.8698, 0.8731], [0.8655, 0.8671, 0.8649], 0.95),
        welch([0.8712, 0.8598, 0.8731], [0.8655, 0.8671, 0.8749], 0.95),
        welch([0.9012, 0.9034], [0.8950, 0.8961, 0.8930, 0.8977, 0.8944], 0.95),
        welch([0.91, 0.93, 0.89, 0.95, 0.90], [0.905, 0.906, 0.904], 0.99),
        welch([0.6707, 0.5673, 0.4030], [0.8967, 0.8996, 0.8950, 0.8981], 0.90),
    ]
    for n, m in ((3, 3), (5, 4), (10, 10)):
        x = 0.88 + 0.004 * rng.standard_normal(n)
        y = 0.875 + 0.006 * rng.standard_normal(m)
        cases.append(welch(np.round(x, 4), np.round(y, 4), 0.95))
    with open(OUT, "w") as f:
        json.dump({"generator": "make_statistics_golden.py", "scipy": scipy.__version__,
                   "numpy": np.__version__, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
