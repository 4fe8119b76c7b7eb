package dev.distillery.stages;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The Fréchet distance between two Gaussians fitted to feature vectors (Heusel et al. 2017, FID),
 *
 * <pre>
 *   d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^{1/2})
 * </pre>
 *
 * with {@code Tr (Σ₁Σ₂)^{1/2} = Σᵢ √λᵢ(Σ₁^{1/2} Σ₂ Σ₁^{1/2})}, from two symmetric
 * eigen-decompositions (EJML): the matrix whose square root is taken is symmetric positive
 * semi-definite, so its eigenvalues are real (tiny negative ones from rounding count as 0). This is
 * what scipy's {@code sqrtm(Σ₁ @ Σ₂)} computes on the same matrices ({@code FrechetDistanceTest}
 * compares with it).
 */
final class FrechetDistance {

  private FrechetDistance() {}

  /** The statistics of a set of feature vectors: mean and (unbiased) covariance. */
  record Gaussian(double[] mean, DMatrixRMaj covariance, int count) {

    /** Fits {@code rows} vectors of {@code dimension} values, row after row in {@code values}. */
    static Gaussian fit(float[] values, int rows, int dimension) {
      if (rows < 2) {
        throw new IllegalArgumentException("a covariance needs at least 2 vectors, got " + rows);
      }
      double[] mean = new double[dimension];
      for (int r = 0; r < rows; r++) {
        for (int d = 0; d < dimension; d++) {
          mean[d] += values[r * dimension + d];
        }
      }
      for (int d = 0; d < dimension; d++) {
        mean[d] /= rows;
      }
      DMatrixRMaj centred = new DMatrixRMaj(rows, dimension);
      for (int r = 0; r < rows; r++) {
        for (int d = 0; d < dimension; d++) {
          centred.unsafe_set(r, d, values[r * dimension + d] - mean[d]);
        }
      }
      DMatrixRMaj covariance = new DMatrixRMaj(dimension, dimension);
      CommonOps_DDRM.multTransA(centred, centred, covariance);
      CommonOps_DDRM.divide(covariance, rows - 1);
      return new Gaussian(mean, covariance, rows);
    }
  }

  /** The squared Fréchet distance between two fitted Gaussians (FID's figure). */
  static double between(Gaussian a, Gaussian b) {
    int n = a.mean().length;
    if (b.mean().length != n) {
      throw new IllegalArgumentException(
          "feature dimensions differ: " + n + " and " + b.mean().length);
    }
    double meanTerm = 0;
    for (int i = 0; i < n; i++) {
      double d = a.mean()[i] - b.mean()[i];
      meanTerm += d * d;
    }
    DMatrixRMaj rootA = symmetricSquareRoot(a.covariance());
    DMatrixRMaj product = new DMatrixRMaj(n, n);
    DMatrixRMaj inner = new DMatrixRMaj(n, n);
    CommonOps_DDRM.mult(rootA, b.covariance(), product);
    CommonOps_DDRM.mult(product, rootA, inner);
    symmetrise(inner);
    double traceRoot = 0;
    for (double lambda : eigenvalues(inner)) {
      traceRoot += Math.sqrt(Math.max(lambda, 0));
    }
    return meanTerm
        + CommonOps_DDRM.trace(a.covariance())
        + CommonOps_DDRM.trace(b.covariance())
        - 2 * traceRoot;
  }

  /** V diag(√max(λ, 0)) Vᵀ of a symmetric matrix. */
  static DMatrixRMaj symmetricSquareRoot(DMatrixRMaj matrix) {
    int n = matrix.numRows;
    EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(n, true, true);
    if (!eigen.decompose(matrix.copy())) {
      throw new IllegalStateException("eigen-decomposition of a covariance did not converge");
    }
    DMatrixRMaj root = new DMatrixRMaj(n, n);
    for (int k = 0; k < n; k++) {
      double s = Math.sqrt(Math.max(eigen.getEigenvalue(k).getReal(), 0));
      DMatrixRMaj v = eigen.getEigenVector(k);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          root.add(i, j, s * v.get(i) * v.get(j));
        }
      }
    }
    return root;
  }

  private static double[] eigenvalues(DMatrixRMaj symmetric) {
    int n = symmetric.numRows;
    EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(n, false, true);
    if (!eigen.decompose(symmetric.copy())) {
      throw new IllegalStateException("eigen-decomposition did not converge");
    }
    double[] values = new double[n];
    for (int k = 0; k < n; k++) {
      values[k] = eigen.getEigenvalue(k).getReal();
    }
    return values;
  }

  private static void symmetrise(DMatrixRMaj matrix) {
    for (int i = 0; i < matrix.numRows; i++) {
      for (int j = i + 1; j < matrix.numCols; j++) {
        double mean = (matrix.get(i, j) + matrix.get(j, i)) / 2;
        matrix.set(i, j, mean);
        matrix.set(j, i, mean);
      }
    }
  }
}
