"""smooth.optim, smooth.theory and smooth.problems against torch.optim.SGD, closed forms and runs.

Run by ctest (the `python` test) with the module on PYTHONPATH. The golden numbers come from:
  - torch.optim.SGD, torch 1.13.0a0 as Debian 12 ships it (python3-torch 1.13.1+dfsg-4), run here
    side by side; if torch is missing those tests are skipped and say so (pytest -rs);
  - the closed forms of ../shared/REFERENCE.md ("Momentum conventions", "Theory for a convex
    quadratic"): hand-computed rows on f = w^2/2, distill's rates and optima;
  - numpy.linalg.eigvals of the iteration matrices written out here from their definitions.

What torch gives, measured (200 steps, 20 random convex quadratics, every option set below):
  - bit for bit, when torch runs its plain C++ kernels (ATEN_CPU_CAPABILITY=default);
  - with torch's AVX2 kernels (its default on this machine) not bit for bit: they fuse
    `a + alpha * b` (torch's add(..., alpha=)) into one FMA, rounding once where torch/optim/sgd.py
    and the library round twice. The iterates stay within 16 ulp of the largest |w| (measured: at
    most 7), which is what test_pytorch_sgd_is_torch_within_16_ulp asserts.
"""
import itertools
import json
import math
import os
import subprocess
import sys
import threading
from fractions import Fraction

import numpy as np
import pytest

import smooth

try:
    import torch
except ImportError:  # the comparisons below are skipped, with this reason shown by pytest -rs
    torch = None

needs_torch = pytest.mark.skipif(
    torch is None, reason="torch is not installed (Debian: python3-torch); the comparison with torch.optim.SGD did not run")

EPS = 2.0 ** -52

# every option set torch accepts: momentum {0, 0.9}, dampening {0, 0.5}, nesterov (only with momentum
# and no dampening), maximize, weight_decay {0, 0.01}
TORCH_OPTIONS = [dict(momentum=m, dampening=d, nesterov=n, maximize=x, weight_decay=wd)
                 for m, d, n, x, wd in itertools.product([0.0, 0.9], [0.0, 0.5], [False, True], [False, True], [0.0, 0.01])
                 if not (n and (m == 0.0 or d != 0.0))]


def option_id(o):
    return ",".join(f"{k}={v}" for k, v in o.items())


def random_quadratic(seed, n=20):
    """A, b of f = 1/2 w^T A w - b^T w, A = Q diag(lambda) Q^T, lambda in [0.1, 10]; and a start."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    a = (q * rng.uniform(0.1, 10.0, size=n)) @ q.T
    return a, rng.normal(size=n), rng.normal(size=n)


def torch_and_smooth(options, seed, steps=200, lr=0.01):
    """w after each step of torch.optim.SGD and of smooth.optim.PyTorchSGD with the same options.

    Both are given the same gradients (computed at torch's iterate), so that only the optimizers'
    arithmetic is compared; weight decay still reads each one's own w.
    """
    a, b, w0 = random_quadratic(seed)
    t = torch.tensor(w0.copy(), dtype=torch.float64, requires_grad=True)
    reference = torch.optim.SGD([t], lr=lr, **options)
    opt = smooth.optim.PyTorchSGD(lr, **options)
    w = w0.copy()
    theirs, ours = [], []
    for _ in range(steps):
        g = a @ t.detach().numpy() - b
        t.grad = torch.tensor(g)
        reference.step()
        opt.step(w, g)
        theirs.append(t.detach().numpy().copy())
        ours.append(w.copy())
    return np.array(theirs), np.array(ours)


SEEDS = range(20)


def bitwise_report():
    """For each option set: how many iterates' elements differ from torch's (run in a subprocess)."""
    report = {}
    for options in TORCH_OPTIONS:
        differing = 0
        for seed in SEEDS:
            theirs, ours = torch_and_smooth(options, seed)
            differing += int(np.count_nonzero(theirs != ours))
        report[option_id(options)] = differing
    return {"torch": torch.__version__, "differing": report}


@pytest.fixture(scope="module")
def torch_plain_kernels():
    """bitwise_report() in a python whose torch runs its plain (not vectorised) C++ kernels."""
    here = os.path.dirname(os.path.abspath(__file__))
    code = f"import sys, json; sys.path.insert(0, {here!r}); import test_optim; print(json.dumps(test_optim.bitwise_report()))"
    env = dict(os.environ, ATEN_CPU_CAPABILITY="default")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@needs_torch
@pytest.mark.parametrize("options", TORCH_OPTIONS, ids=option_id)
def test_pytorch_sgd_is_torch_bit_for_bit_with_torchs_plain_kernels(torch_plain_kernels, options):
    assert torch_plain_kernels["torch"].startswith("1.13"), torch_plain_kernels["torch"]  # the version measured
    assert torch_plain_kernels["differing"][option_id(options)] == 0


@needs_torch
@pytest.mark.parametrize("options", TORCH_OPTIONS, ids=option_id)
def test_pytorch_sgd_is_torch_within_16_ulp(options):
    # torch's vectorised kernels (AVX2 here) round a + alpha * b once (FMA): 16 ulp of the largest |w|
    worst = 0.0
    for seed in SEEDS:
        theirs, ours = torch_and_smooth(options, seed)
        scale = np.max(np.abs(theirs), axis=1, keepdims=True)
        worst = max(worst, float(np.max(np.abs(ours - theirs) / scale)) / EPS)
    assert worst <= 16, f"torch {torch.__version__}: {worst:.1f} ulp of max|w|"


@needs_torch
def test_torch_is_the_version_the_docstring_names():
    assert torch.__version__.startswith("1.13"), torch.__version__


# ---- the golden rows (REFERENCE.md: f = w^2/2, w_0 = 1, g = w) ---------------------------------

def three_steps(opt):
    w = np.array([1.0])
    rows = []
    for _ in range(3):
        opt.step(w, w.copy())
        rows.append(float(w[0]))
    return rows


@pytest.mark.parametrize("make, want", [
    (lambda: smooth.optim.GradientDescent(0.1), [0.9, 0.81, 0.729]),
    (lambda: smooth.optim.PyTorchSGD(0.1, momentum=0.9), [0.9, 0.72, 0.486]),
    (lambda: smooth.optim.PyTorchSGD(0.1, momentum=0.9, nesterov=True), [0.81, 0.5751, 0.327321]),
    (lambda: smooth.optim.PyTorchSGD(0.1, momentum=0.9, dampening=0.9), [0.9, 0.801, 0.70389]),
    (lambda: smooth.optim.PyTorchSGD(0.1, momentum=0.9, weight_decay=0.1), [0.89, 0.6931, 0.439649]),
    (lambda: smooth.optim.PyTorchSGD(0.1, maximize=True), [1.1, 1.21, 1.331]),
    (lambda: smooth.optim.ClassicMomentum(0.1, 0.9), [0.9, 0.72, 0.486]),
    (lambda: smooth.optim.ClassicMomentum(0.1, 0.9, nesterov=True), [0.81, 0.5751, 0.327321]),
    (lambda: smooth.optim.Momentum(0.1, 0.9), [0.99, 0.9711, 0.944379]),
    (lambda: smooth.optim.Momentum(1.0, 0.9), [0.9, 0.72, 0.486]),
    (lambda: smooth.optim.Momentum(1.0, 0.9, nesterov=True), [0.81, 0.5751, 0.327321]),
    (lambda: smooth.optim.Nesterov(1.0, 0.9), [0.81, 0.5751, 0.327321]),
], ids=["gd", "torch momentum", "torch nesterov", "torch dampening", "torch weight decay", "torch maximize",
        "classic", "classic nesterov", "ema", "ema alpha 1", "ema nesterov", "Nesterov"])
def test_golden_rows(make, want):
    assert three_steps(make()) == pytest.approx(want, rel=1e-12)


def test_bias_correction_is_the_step_over_one_minus_beta_to_the_t():
    # exact rationals of v = beta v + (1 - beta) g; w -= alpha v / (1 - beta^t); REFERENCE.md: 0.9, 0.805263158, 0.715770
    alpha, beta = Fraction(1, 10), Fraction(9, 10)
    w, v, want = Fraction(1), Fraction(0), []
    for t in range(1, 4):
        v = beta * v + (1 - beta) * w
        w -= alpha * v / (1 - beta ** t)
        want.append(float(w))
    assert want[1] == pytest.approx(0.805263158, abs=1e-9) and want[2] == pytest.approx(0.715770, abs=1e-6)
    assert three_steps(smooth.optim.Momentum(0.1, 0.9, bias_correction=True)) == pytest.approx(want, rel=1e-14)


# ---- the forms agree (tests/test_conversions.cpp: within 1e-12 over 100 steps) -------------------

@pytest.mark.parametrize("nesterov", [False, True])
def test_ema_form_and_classic_form_with_converted_alpha_take_the_same_steps(nesterov):
    rng = np.random.default_rng(99)
    for trial in range(20):
        a, b, _ = random_quadratic(1000 + trial, n=2 + trial % 5)
        beta = rng.uniform(0.0, 0.95)
        alpha = rng.uniform(0.01, 0.1)
        ema = smooth.optim.Momentum(alpha, beta, nesterov=nesterov)
        classic = smooth.optim.ClassicMomentum(smooth.optim.classic_alpha_from_ema(alpha, beta), beta, nesterov=nesterov)
        x = np.ones(len(b))
        y = np.ones(len(b))
        worst = 0.0
        for _ in range(100):
            ema.step(x, a @ x - b)
            classic.step(y, a @ y - b)
            worst = max(worst, float(np.max(np.abs(x - y) / np.maximum(1.0, np.abs(y)))))
        assert worst <= 1e-12, (trial, worst)
        # and the velocities: b = v / (1 - beta)
        assert classic.velocity == pytest.approx(ema.velocity / (1 - beta), rel=1e-9, abs=1e-12)


def test_classic_form_is_pytorch_sgd_without_dampening_or_decay_bit_for_bit():
    a, b, w0 = random_quadratic(5)
    for nesterov in [False, True]:
        classic = smooth.optim.ClassicMomentum(0.01, 0.9, nesterov=nesterov)
        sgd = smooth.optim.PyTorchSGD(0.01, momentum=0.9, nesterov=nesterov)
        x, y = w0.copy(), w0.copy()
        for _ in range(200):
            classic.step(x, a @ x - b)
            sgd.step(y, a @ y - b)
        assert np.array_equal(x, y)


def test_conversions():
    assert smooth.optim.classic_alpha_from_ema(1.0, 0.9) == pytest.approx(0.1, rel=1e-15)
    assert smooth.optim.ema_alpha_from_classic(0.1, 0.9) == pytest.approx(1.0, rel=1e-15)
    with pytest.raises(ValueError, match=r"beta must be in \[0, 1\), got 1$"):
        smooth.optim.classic_alpha_from_ema(0.1, 1.0)


# ---- theory ---------------------------------------------------------------------------------

SPECTRA = [(1.0, 100.0), (0.5, 2.0), (3.0, 3.0), (1e-3, 10.0)]


@pytest.mark.parametrize("lmin, lmax", SPECTRA)
def test_gradient_descent_closed_forms(lmin, lmax):
    k = lmax / lmin
    t = smooth.theory
    assert t.gd_optimal_alpha(lmin, lmax) == pytest.approx(2 / (lmin + lmax), rel=1e-15)
    assert t.gd_optimal_rate(lmin, lmax) == pytest.approx((k - 1) / (k + 1), rel=1e-15, abs=1e-16)
    assert t.gd_rate(0.5 / lmax, lmin, lmax) == pytest.approx(1 - 0.5 * lmin / lmax, rel=1e-15)


@pytest.mark.parametrize("lmin, lmax", SPECTRA)
def test_optimal_momentum_and_nesterov_closed_forms(lmin, lmax):
    k = lmax / lmin
    sk = math.sqrt(k)
    classic = smooth.theory.optimal_momentum(lmin, lmax)
    ema = smooth.theory.optimal_momentum(lmin, lmax, form="ema")
    assert classic.rate == pytest.approx((sk - 1) / (sk + 1), rel=1e-14, abs=1e-16)
    assert classic.beta == pytest.approx(((sk - 1) / (sk + 1)) ** 2, rel=1e-14, abs=1e-16)
    assert classic.alpha == pytest.approx((2 / (math.sqrt(lmin) + math.sqrt(lmax))) ** 2, rel=1e-14)
    assert ema.alpha == pytest.approx(1 / math.sqrt(lmin * lmax), rel=1e-14)
    assert (ema.beta, ema.rate) == (classic.beta, classic.rate)
    nesterov = smooth.theory.optimal_nesterov(lmin, lmax)
    r = math.sqrt(3 * k + 1)
    assert nesterov.rate == pytest.approx(1 - 2 / r, rel=1e-14)
    assert nesterov.beta == pytest.approx((r - 2) / (r + 2), rel=1e-14)
    assert nesterov.alpha == pytest.approx(4 / (3 * lmax + lmin), rel=1e-14)


def test_distills_numbers():
    # REFERENCE.md: lambda = {1, 100}: alpha_ema* = 0.1, beta* = 81/121, rate 9/11; GD 99/101
    best = smooth.theory.optimal_momentum(1.0, 100.0, form="ema")
    assert (best.alpha, best.beta, best.rate) == pytest.approx((0.1, 81 / 121, 9 / 11), rel=1e-14)
    assert smooth.theory.gd_optimal_rate(1.0, 100.0) == pytest.approx(99 / 101, rel=1e-15)
    assert smooth.theory.predicted_rate("momentum", "ema", 0.1, 81 / 121, [1.0, 100.0]) == pytest.approx(9 / 11, rel=1e-7)
    assert smooth.theory.predicted_rate("gd", "ema", 2 / 101, 0.0, [1.0, 100.0]) == pytest.approx(99 / 101, rel=1e-15)
    assert smooth.theory.predicted_rate("momentum", "pytorch", 0.1, 0.9, [1.0, 100.0]) is None
    assert smooth.theory.predicted_rate("momentum", "ema", 0.1, 0.9, []) is None


def heavy_ball_matrix(alpha, beta, lam):
    return np.array([[beta, lam], [-alpha * beta, 1 - alpha * lam]])


def nesterov_matrix(alpha, beta, lam):
    # b' = beta b + lam w; w' = w - alpha (lam w + beta b')
    return np.array([[beta, lam], [-alpha * beta ** 2, 1 - alpha * lam * (1 + beta)]])


@pytest.mark.parametrize("alpha, beta, lam", [(0.01, 0.9, 1.0), (0.01, 0.9, 100.0), (0.5, 0.1, 1.0), (0.03, 0.5, 90.0),
                                              (0.001, 0.2, 1.0), (0.04, 0.3, 100.0)])
@pytest.mark.parametrize("form", ["classic", "ema"])
def test_eigenvalues_and_rates_against_numpy(alpha, beta, lam, form):
    t = smooth.theory
    a = alpha * (1 - beta) if form == "ema" else alpha
    want = np.linalg.eigvals(heavy_ball_matrix(a, beta, lam))
    got = np.array(t.momentum_eigenvalues(alpha, beta, lam, form))
    assert sorted(got, key=lambda z: (z.real, z.imag)) == pytest.approx(
        sorted(want.astype(complex), key=lambda z: (z.real, z.imag)), abs=1e-9)
    assert np.allclose(t.momentum_matrix(alpha, beta, lam, form), heavy_ball_matrix(a, beta, lam), rtol=1e-15, atol=0)
    # abs 1e-7: at alpha lambda = 1 Nesterov's matrix is defective (a double eigenvalue 0), where
    # eigvals is off by about sqrt(eps)
    assert t.momentum_direction_rate(alpha, beta, lam, form) == pytest.approx(max(abs(want)), rel=1e-8, abs=1e-7)
    assert t.nesterov_direction_rate(alpha, beta, lam, form) == pytest.approx(
        max(abs(np.linalg.eigvals(nesterov_matrix(a, beta, lam)))), rel=1e-8, abs=1e-7)
    assert t.momentum_converges(alpha, beta, lam, form) == (max(abs(want)) < 1)


def test_rates_over_a_spectrum_are_the_slowest_directions():
    t = smooth.theory
    lambdas = np.array([0.5, 3.0, 40.0, 100.0])
    for alpha, beta in [(0.01, 0.9), (0.02, 0.5), (0.001, 0.0)]:
        assert t.momentum_rate(alpha, beta, lambdas) == pytest.approx(
            max(max(abs(np.linalg.eigvals(heavy_ball_matrix(alpha, beta, l)))) for l in lambdas), rel=1e-8)
        assert t.nesterov_rate(alpha, beta, lambdas) == pytest.approx(
            max(max(abs(np.linalg.eigvals(nesterov_matrix(alpha, beta, l)))) for l in lambdas), rel=1e-8)


def test_convergence_border_and_regions():
    t = smooth.theory
    # classic: converges iff alpha lambda < 2 + 2 beta
    assert t.momentum_converges(1.79, 0.9, 2.0) and not t.momentum_converges(1.91, 0.9, 2.0)
    assert t.classify(1.91, 0.9, 2.0) == t.Region.divergent
    # (1 - sqrt(beta))^2 < alpha lambda < (1 + sqrt(beta))^2: ripples (complex eigenvalues, |sigma| = sqrt(beta))
    assert t.classify(0.5, 0.25, 1.0) == t.Region.ripples
    assert t.momentum_direction_rate(0.5, 0.25, 1.0) == pytest.approx(0.5, rel=1e-14)
    assert t.classify(0.1, 0.25, 1.0) == t.Region.monotone            # below (1 - 0.5)^2 = 0.25
    assert t.classify(2.4, 0.25, 1.0) == t.Region.monotone_oscillation  # above (1 + 0.5)^2 = 2.25, below 2.5
    # the optimum puts lambda_min on the lower border: critically damped
    best = t.optimal_momentum(1.0, 100.0)
    assert t.classify(best.alpha, best.beta, 1.0) == t.Region.critical
    assert t.classify(best.alpha, best.beta, 100.0) == t.Region.critical_alternating
    assert str(t.Region.critical) == "critically damped" and t.to_string(t.Region.ripples) == "ripples"
    assert t.critical_damping_beta(0.25) == pytest.approx(0.25, rel=1e-15)
    assert t.critical_damping_rate(0.25) == pytest.approx(0.5, rel=1e-15)


def distances(opt, prob, steps):
    w = prob.start()
    d = [np.linalg.norm(w - prob.minimizer())]
    for _ in range(steps):
        opt.step(w, prob.gradient(w))
        d.append(np.linalg.norm(w - prob.minimizer()))
    return np.array(d)


def test_measured_rates_on_a_diagonal_quadratic_are_the_predicted_ones():
    prob = smooth.problems.DiagonalQuadratic([1.0, 100.0])
    t = smooth.theory
    # GD at its best step: both directions shrink by exactly 99/101 a step
    d = distances(smooth.optim.GradientDescent(t.gd_optimal_alpha(1.0, 100.0)), prob, 400)
    assert (d[400] / d[200]) ** (1 / 200) == pytest.approx(99 / 101, rel=1e-9)
    # momentum at its optimum: the extreme directions are critically damped, a double eigenvalue r,
    # so the distance goes as k r^k and steps 200 -> 400 measure r 2^(1/200) (REFERENCE.md: about 0.821)
    best = t.optimal_momentum(1.0, 100.0, form="ema")
    d = distances(smooth.optim.Momentum(best.alpha, best.beta), prob, 400)
    measured = t.measured_rate(d, 200, 400)
    assert measured == pytest.approx((d[400] / d[200]) ** (1 / 200), rel=1e-15)
    assert measured == pytest.approx(9 / 11 * 2 ** (1 / 200), abs=2e-4)
    # Nesterov at its optimum: likewise a double root at lambda_min
    nb = t.optimal_nesterov(1.0, 100.0, form="ema")
    d = distances(smooth.optim.Nesterov(nb.alpha, nb.beta), prob, 400)
    assert (d[400] / d[200]) ** (1 / 200) == pytest.approx((1 - 2 / math.sqrt(301)) * 2 ** (1 / 200), abs=2e-4)
    # heavily damped (monotone) momentum: the slowest real eigenvalue, geometric
    lambdas = np.array([1.0, 100.0])
    d = distances(smooth.optim.ClassicMomentum(0.001, 0.1), prob, 2000)
    assert (d[2000] / d[1000]) ** (1 / 1000) == pytest.approx(smooth.theory.momentum_rate(0.001, 0.1, lambdas), abs=1e-7)
    assert smooth.theory.momentum_rate(0.001, 0.1, lambdas) == pytest.approx(
        max(abs(np.linalg.eigvals(heavy_ball_matrix(0.001, 0.1, 1.0)))), rel=1e-12)


def test_theory_refuses_what_it_cannot_answer():
    t = smooth.theory
    with pytest.raises(ValueError, match=r"lambda_min must be finite and > 0, got -1$"):
        t.gd_optimal_rate(-1.0, 2.0)
    with pytest.raises(ValueError, match=r"lambda_max must be finite and >= lambda_min, got 1$"):
        t.optimal_momentum(2.0, 1.0)
    with pytest.raises(ValueError, match='form must be "classic" or "ema", got "pytorch"'):
        t.momentum_rate(0.1, 0.9, [1.0], form="pytorch")
    with pytest.raises(ValueError, match="lambdas is empty"):
        t.momentum_rate(0.1, 0.9, [])
    with pytest.raises(ValueError, match=r"alpha lambda must be in \(0, 1\] for critical damping, got 2$"):
        t.critical_damping_beta(2.0)
    with pytest.raises(ValueError, match='method must be "gd", "momentum" or "nesterov", got "adam"'):
        t.predicted_rate("adam", "ema", 0.1, 0.9, [1.0])


# ---- problems -------------------------------------------------------------------------------

def test_problems_values_and_gradients_from_their_formulas():
    p = smooth.problems
    q = p.DiagonalQuadratic([1.0, 4.0, 100.0])
    w = np.array([1.0, -2.0, 0.5])
    assert q.value(w) == pytest.approx(0.5 * (1 + 4 * 4 + 100 * 0.25), rel=1e-15)
    assert np.array_equal(q.gradient(w), np.array([1.0, -8.0, 50.0]))
    assert (q.lambda_min, q.lambda_max, q.dimension) == (1.0, 100.0, 3)
    # Rosenbrock at its start (-1.2, 1): f = 2.2^2 + 100 * 0.44^2, g = (-2 * 2.2 - 400 (-1.2)(-0.44), 200 (-0.44))
    r = p.Rosenbrock()
    assert r.value(r.start()) == pytest.approx(24.2, rel=1e-14)
    assert r.gradient(r.start()) == pytest.approx([-215.6, -88.0], rel=1e-14)
    assert r.value(r.minimizer()) == 0.0
    b = p.Banana()
    assert b.value([1.0, 1 / 3]) == pytest.approx(0.0, abs=1e-30) and b.gradient([1.0, 1 / 3]) == pytest.approx([0, 0], abs=1e-12)
    # the ravine: 1/2 (u^2 + 100 v^2) with (u, v) = w rotated by -30 degrees; starts 8 along, 0.5 across
    rv = p.Ravine()
    c, s = math.cos(math.pi / 6), math.sin(math.pi / 6)
    w = np.array([0.3, -1.1])
    u, v = c * w[0] + s * w[1], -s * w[0] + c * w[1]
    assert rv.value(w) == pytest.approx(0.5 * (u * u + 100 * v * v), rel=1e-14)
    assert rv.gradient(w) == pytest.approx([c * u - s * 100 * v, s * u + c * 100 * v], rel=1e-14)
    assert (rv.along(rv.start()), rv.across(rv.start())) == pytest.approx((-8.0, 0.5), rel=1e-14)
    value, gradient = rv(w)
    assert value == rv.value(w) and np.array_equal(gradient, rv.gradient(w))


def test_linear_regression_is_least_squares():
    lr = smooth.problems.LinearRegression.article_example()
    x = np.array([lr.features(i) for i in range(lr.examples)])
    y = np.array([lr.label(i) for i in range(lr.examples)])
    assert np.all(x[:, 0] == 1.0) and lr.examples == 256 and list(lr.true_weights) == [1.5, -2.0]
    w = np.array([0.3, 0.7])
    assert lr.value(w) == pytest.approx(np.mean((x @ w - y) ** 2), rel=1e-12)
    assert lr.gradient(w) == pytest.approx(2 / len(y) * x.T @ (x @ w - y), rel=1e-12)
    loss, g = lr.batch_gradient(w, [3, 7])
    assert g == pytest.approx(2 / 2 * x[[3, 7]].T @ (x[[3, 7]] @ w - y[[3, 7]]), rel=1e-12)
    assert lr.minimizer() == pytest.approx(np.linalg.lstsq(x, y, rcond=None)[0], rel=1e-10)
    with pytest.raises(IndexError, match=r"example 256 is not in 0 \.\. 255"):
        lr.batch_gradient(w, [256])
    with pytest.raises(ValueError, match="the batch is empty"):
        lr.batch_gradient(w, [])


def test_problems_check_the_size_of_w():
    with pytest.raises(ValueError, match="w has 3 elements, the problem 2"):
        smooth.problems.Rosenbrock().gradient([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="w has 1 elements, the problem 2"):
        smooth.problems.DiagonalQuadratic([1.0, 2.0]).value([1.0])
    with pytest.raises(ValueError, match=r"quadratic eigenvalue must be finite and > 0, got -1$"):
        smooth.problems.DiagonalQuadratic([1.0, -1.0])


def test_descends_experiment_runs_from_python():
    # the ravine (eigenvalues 1 and 100), each method at theory's best parameters, 300 steps
    prob = smooth.problems.Ravine()
    t = smooth.theory
    best = t.optimal_momentum(prob.lambda_min, prob.lambda_max, form="ema")
    losses = {}
    for name, opt in [("gd", smooth.optim.GradientDescent(t.gd_optimal_alpha(prob.lambda_min, prob.lambda_max))),
                      ("momentum", smooth.optim.Momentum(best.alpha, best.beta))]:
        w = prob.start()
        for _ in range(300):
            opt.step(w, prob.gradient(w))
        losses[name] = prob.value(w)
    # GD at 2/101: both directions shrink by 99/101 a step, from 8 along and 0.5 across
    assert losses["gd"] == pytest.approx(0.5 * (8 ** 2 + 100 * 0.5 ** 2) * (99 / 101) ** 600, rel=1e-9)
    # momentum: rate 9/11 instead of 99/101, ((9/11) / (99/101))^600 = 8e-48 less loss but for the
    # critically damped directions' polynomial factor (measured: 7e-43)
    assert losses["momentum"] < 1e-30 * losses["gd"]


# ---- the parameters are updated in place, and refused whole -------------------------------------

OPTIMIZERS = [
    lambda: smooth.optim.Momentum(0.1, 0.9),
    lambda: smooth.optim.Momentum(0.1, 0.9, nesterov=True, bias_correction=True),
    lambda: smooth.optim.Nesterov(0.1, 0.9),
    lambda: smooth.optim.ClassicMomentum(0.1, 0.9),
    lambda: smooth.optim.PyTorchSGD(0.1, momentum=0.9, weight_decay=0.01),
    lambda: smooth.optim.GradientDescent(0.1),
]
OPTIMIZER_IDS = ["Momentum", "Momentum nesterov bias", "Nesterov", "ClassicMomentum", "PyTorchSGD", "GradientDescent"]


@pytest.mark.parametrize("make", OPTIMIZERS, ids=OPTIMIZER_IDS)
def test_step_writes_into_w_itself(make):
    opt = make()
    w = np.array([1.0, 2.0, 3.0])
    before_id, before_address = id(w), w.ctypes.data
    opt.step(w, [1, 1, 1])  # g: any number array-like (ints converted)
    assert id(w) == before_id and w.ctypes.data == before_address
    assert np.all(w < [1.0, 2.0, 3.0])
    # a contiguous view: its base array changes
    base = np.zeros(10)
    view = base[2:5]
    opt2 = make()
    opt2.step(view, [1.0, 1.0, 1.0])
    assert np.all(base[2:5] != 0) and np.all(base[:2] == 0) and np.all(base[5:] == 0)


@pytest.mark.parametrize("make", OPTIMIZERS, ids=OPTIMIZER_IDS)
def test_a_g_sharing_ws_memory_is_read_before_w_is_written(make):
    a, b = make(), make()
    w = np.array([1.0, -2.0, 3.0, 0.5])
    x = w.copy()
    for _ in range(3):
        a.step(w, w)
        b.step(x, x.copy())
    assert np.array_equal(w, x)
    # a shifted view of w as g
    big = np.arange(1.0, 6.0)
    want = big.copy()
    a, b = make(), make()
    a.step(big[1:], big[:-1])
    b.step(want[1:], want[:-1].copy())
    assert np.array_equal(big, want)


def refused(opt, w, g, error, match):
    before = w.copy()
    with pytest.raises(error, match=match):
        opt.step(w, g)
    assert np.array_equal(w, before)


def test_w_that_cannot_be_updated_in_place_is_refused_and_unchanged():
    opt = smooth.optim.Momentum(0.1, 0.9)
    refused(opt, np.ones(3, dtype=np.float32), [1, 1, 1], TypeError, "w must have dtype float64.*got float32")
    refused(opt, np.ones(3, dtype=np.int64), [1, 1, 1], TypeError, "w must have dtype float64.*got int64")
    ro = np.ones(3)
    ro.flags.writeable = False
    refused(opt, ro, [1, 1, 1], ValueError, "w is read-only")
    refused(opt, np.ones(6)[::2], [1, 1, 1], ValueError, "w must be C-contiguous")
    refused(opt, np.ones((3, 1)), [1, 1, 1], ValueError, "w must be 1-D, got 2-D")
    with pytest.raises(TypeError, match="w must be a numpy float64 array.*got list"):
        opt.step([1.0, 2.0, 3.0], [1, 1, 1])
    assert opt.velocity.size == 0  # nothing was stepped


@pytest.mark.parametrize("make", OPTIMIZERS, ids=OPTIMIZER_IDS)
def test_sizes_that_do_not_match_are_refused_and_w_unchanged(make):
    opt = make()
    refused(opt, np.ones(3), [1.0, 1.0], ValueError, "w has 3 elements and g 2; they must be equal")
    refused(opt, np.ones(3), np.ones((3, 1)), ValueError, "g must be 1-D")
    w = np.ones(3)
    opt.step(w, [1.0, 1.0, 1.0])
    if opt.velocity.size:
        refused(opt, np.ones(4), [1.0] * 4, ValueError, "g has 4 elements and the velocity 3")


@pytest.mark.parametrize("make, match", [
    (lambda: smooth.optim.Momentum(-0.5, 0.9), r"^alpha must be finite and > 0, got -0.5$"),
    (lambda: smooth.optim.Momentum(0.1, 1.0), r"^beta must be in \[0, 1\), got 1$"),
    (lambda: smooth.optim.Nesterov(0.1, -0.25), r"^beta must be in \[0, 1\), got -0.25$"),
    (lambda: smooth.optim.ClassicMomentum(float("nan"), 0.9), r"^alpha must be finite and > 0, got nan$"),
    (lambda: smooth.optim.GradientDescent(float("inf")), r"^alpha must be finite and > 0, got inf$"),
    (lambda: smooth.optim.PyTorchSGD(-0.1), r"^lr must be finite and >= 0, got -0.1$"),
    (lambda: smooth.optim.PyTorchSGD(0.1, momentum=-0.9), r"^momentum must be finite and >= 0, got -0.9$"),
    (lambda: smooth.optim.PyTorchSGD(0.1, weight_decay=-1e-4), r"^weight_decay must be finite and >= 0, got -1e-04$"),
    (lambda: smooth.optim.PyTorchSGD(0.1, momentum=0.9, dampening=0.5, nesterov=True),
     r"^Nesterov momentum requires a momentum and zero dampening \(got momentum 0.9, dampening 0.5\)$"),
], ids=["alpha", "beta", "Nesterov beta", "nan", "inf", "lr", "momentum", "weight_decay", "nesterov dampening"])
def test_bad_parameters_raise_value_error_with_the_librarys_message(make, match):
    with pytest.raises(ValueError, match=match):
        make()


@needs_torch
def test_torch_accepts_what_pytorch_sgd_accepts():
    # lr = 0 and any dampening are torch's (1.13) choices too
    t = torch.tensor([1.0], dtype=torch.float64)
    torch.optim.SGD([t], lr=0.0, momentum=0.9, dampening=2.0)
    w = np.array([1.0])
    smooth.optim.PyTorchSGD(0.0, momentum=0.9, dampening=2.0).step(w, [5.0])
    assert w[0] == 1.0


def test_setting_alpha_and_beta():
    opt = smooth.optim.Momentum(0.1, 0.9)
    opt.alpha, opt.beta = 0.2, 0.5
    assert (opt.alpha, opt.beta) == (0.2, 0.5)
    with pytest.raises(ValueError, match=r"alpha must be finite and > 0, got 0$"):
        opt.alpha = 0.0
    assert opt.alpha == 0.2
    sgd = smooth.optim.PyTorchSGD(0.1, momentum=0.9)
    sgd.lr = 0.3
    assert (sgd.alpha, sgd.lr, sgd.beta, sgd.momentum) == (0.3, 0.3, 0.9, 0.9)
    assert not hasattr(smooth.optim.GradientDescent(0.1), "beta")


def test_velocity_is_a_copy_of_the_average():
    opt = smooth.optim.Momentum(0.1, 0.9)
    assert opt.velocity.size == 0
    w = np.zeros(2)
    opt.step(w, [1.0, -2.0])
    v = opt.velocity
    assert v == pytest.approx([0.1, -0.2], rel=1e-15)  # (1 - beta) g from V_0 = 0
    v[:] = 99.0
    assert opt.velocity == pytest.approx([0.1, -0.2], rel=1e-15)
    assert smooth.optim.GradientDescent(0.1).velocity.size == 0


@pytest.mark.parametrize("make", OPTIMIZERS, ids=OPTIMIZER_IDS)
def test_repr_states_the_parameters_and_makes_the_same_optimizer(make):
    opt = make()
    text = repr(opt)
    assert text.startswith("smooth.optim.") and "0.1" in text
    again = eval(text, {"smooth": smooth})
    w, x = np.array([1.0, 2.0]), np.array([1.0, 2.0])
    for _ in range(5):
        opt.step(w, w * 3)
        again.step(x, x * 3)
    assert np.array_equal(w, x) and repr(again) == text


def test_reprs():
    assert repr(smooth.optim.Momentum(0.1, 0.9)) == \
        "smooth.optim.Momentum(alpha=0.1, beta=0.9, nesterov=False, bias_correction=False)"
    assert repr(smooth.optim.PyTorchSGD(0.01, momentum=0.9, nesterov=True)) == \
        "smooth.optim.PyTorchSGD(lr=0.01, momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=True, maximize=False)"
    assert repr(smooth.theory.optimal_momentum(1.0, 100.0, form="ema")).startswith("MomentumParameters(alpha=0.1, beta=0.66942")


def test_threads_stepping_their_own_optimizers_get_the_sequential_numbers():
    a, b, w0 = random_quadratic(11, n=1000)
    g = a @ w0 - b

    def run(out):
        opt = smooth.optim.Momentum(0.01, 0.9)
        w = w0.copy()
        for _ in range(200):
            opt.step(w, g)
        out.append(w)

    sequential = []
    run(sequential)
    results = []
    threads = [threading.Thread(target=run, args=(results,)) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert all(np.array_equal(r, sequential[0]) for r in results)
