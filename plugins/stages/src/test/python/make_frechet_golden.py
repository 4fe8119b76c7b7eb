"""Golden Fréchet distances for FrechetDistanceTest (Distillery's evaluate-generators).

The reference is pytorch-fid's calculate_frechet_distance (mseitzer/pytorch-fid,
src/pytorch_fid/fid_score.py, v0.3.0), transcribed below: statistics with np.mean and
np.cov(rowvar=False) (unbiased), the matrix square root with scipy.linalg.sqrtm of sigma1 @
sigma2, its real part, and diff @ diff + tr(sigma1) + tr(sigma2) - 2 tr(covmean). Features are
seeded float32 values, stored exactly; the computation is in float64.

    /usr/bin/python3 plugins/stages/src/test/python/make_frechet_golden.py

File: plugins/stages/src/test/resources/golden/frechet.json
"""

import json
import os

import numpy as np
import scipy
from scipy import linalg

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "resources", "golden",
                   "frechet.json")


def calculate_frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):  # pytorch-fid 0.3.0
    diff = mu1 - mu2
    covmean, _ = linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(sigma1.shape[0]) * eps
        covmean = linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
    if np.iscomplexobj(covmean):
        if not np.allclose(np.diagonal(covmean).imag, 0, atol=1e-3):
            raise ValueError("Imaginary component {}".format(np.max(np.abs(covmean.imag))))
        covmean = covmean.real
    tr_covmean = np.trace(covmean)
    return diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * tr_covmean


def statistics(x):
    x = x.astype(np.float64)
    return np.mean(x, axis=0), np.cov(x, rowvar=False)


def case(name, a, b):
    a = a.astype(np.float32)
    b = b.astype(np.float32)
    mu1, s1 = statistics(a)
    mu2, s2 = statistics(b)
    return {"name": name, "dimension": a.shape[1],
            "a": {"rows": a.shape[0], "data": [float(v) for v in a.reshape(-1)]},
            "b": {"rows": b.shape[0], "data": [float(v) for v in b.reshape(-1)]},
            "distance": float(calculate_frechet_distance(mu1, s1, mu2, s2))}


def main():
    rng = np.random.default_rng(11)
    cases = []
    a = rng.normal(size=(300, 6))
    cases.append(case("same-gaussian", a, rng.normal(size=(200, 6))))
    mix = rng.normal(size=(16, 16)) / 4
    cases.append(case("shifted-and-correlated", rng.normal(size=(400, 16)) @ mix,
                      rng.normal(size=(250, 16)) @ mix.T + 0.7))
    cases.append(case("scaled", rng.normal(size=(120, 8)) * 3, rng.normal(size=(90, 8)) * 0.2))
    # ReLU features: many exact zeros, skewed, near-singular covariance (17 rows, 12 values)
    cases.append(case("relu-few-rows", np.maximum(rng.normal(size=(17, 12)), 0),
                      np.maximum(rng.normal(size=(40, 12)) + 0.3, 0)))
    cases.append(case("identical", a, a))
    document = {"generator": "plugins/stages/src/test/python/make_frechet_golden.py",
                "numpy": np.__version__, "scipy": scipy.__version__, "cases": cases}
    with open(os.path.normpath(OUT), "w") as out:
        json.dump(document, out)
        out.write("\n")


if __name__ == "__main__":
    main()
