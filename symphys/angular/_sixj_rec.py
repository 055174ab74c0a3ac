"""Correctly rounded float 9j and 12j symbols at large ``j`` from 6j eigenvectors (private).

The method (doubled arguments throughout, ``X = 2x``):

**6j symbols as eigenvectors.** For ``{x j2 j3; l1 l2 l3}`` as a function of ``x`` (over
``max(|j2-j3|, |l2-l3|) <= x <= min(j2+j3, l2+l3)``, ``n`` values), K. Schulten and
R. G. Gordon, J. Math. Phys. 16, 1961 (1975), doi:10.1063/1.522426, eq. (A2), give the
three-term recurrence ``x E(x+1) f(x+1) + F(x) f(x) + (x+1) E(x) f(x-1) = 0`` with::

    E(x)**2 = (x**2 - (j2-j3)**2) ((j2+j3+1)**2 - x**2) (x**2 - (l2-l3)**2) ((l2+l3+1)**2 - x**2)
    F(x) = (2x+1) [ J (-J + J2 + J3) + L2 (J + J2 - J3) + L3 (J - J2 + J3) - 2 J L1 ]

(``J = x(x+1)``, ``J2 = j2(j2+1)``, ... ``L3 = l3(l3+1)``). Dividing row ``x`` by
``(2x+1) J`` and writing ``y(x) = sqrt((2x+1)(2l1+1)) f(x)`` turns it into ``T y = lambda y``
with ``T`` symmetric tridiagonal::

    T[x, x]   = alpha(x) = -J + J2 + J3 + L2 + L3 + (L2 - L3)(J2 - J3) / J   (0 at x = 0)
    T[x, x+1] = beta(x)  = E(x+1) / ((x+1) sqrt((2x+1)(2x+3)))
    lambda    = 2 L1 = 2 l1 (l1 + 1)

(checked against the exact 6j symbols in tests/angular/test_ninej_rec.py). ``y`` is a unit
vector (the orthogonality of the 6j symbols, Edmonds eq. 6.2.9); the vectors for every
admissible ``l1`` (``max(|j2-l3|, |l2-j3|) .. min(j2+l3, l2+j3)``, also ``n`` values) are an
orthonormal eigenbasis of ``T``, so the spectrum of ``T`` is ``{2 l(l+1)}`` over those ``l`` and
the distance of ``lambda`` to the rest of it (the gap) is ``delta = 4 l1`` (``4 (l1+1)`` when
``l1`` is the smallest admissible value), a closed form.

**Computing it.** An approximate vector ``v`` comes from the recurrence in fixed point
(Python integers: the coefficients to ``G`` bits, a shared binary exponent per pair of values
so that the exponential growth through a classically forbidden region costs nothing), run
forwards from the lower end up to the first local maximum of ``|v|`` and backwards from the
upper end down to it (each run where the wanted solution dominates: Schulten and Gordon's
two-sided scheme), the two runs scaled to agree there; then ``v`` is normalised to integers
``u`` at scale ``2**F``. Passes after the first compute only the entries that the first found
above ``2**-(F+64)`` (the rest left 0). Nothing in this step needs to be exact.

**Bounding it (a posteriori, rigorous).** With ``r = (T - lambda) u`` (every entry bounded from
integer floors of the exact rational ``alpha - lambda`` and ``beta**2`` at ``G`` bits) and
``nu = ||u||``: write ``u / nu = cos(t) y + sin(t) z`` with ``z`` a unit vector orthogonal to
``y``; ``z`` lies in the span of the other eigenvectors, so ``||(T - lambda) z|| >= delta`` and
``|sin t| <= ||r|| / (nu delta)`` (the ``sin theta`` theorem for one eigenvector: C. Davis and
W. M. Kahan, SIAM J. Numer. Anal. 7, 1 (1970), doi:10.1137/0707001, in its simplest case, exact
with constant 1). With ``s = sign(cos t)``, ``||u/nu - s y||**2 = 2 (1 - |cos t|) <=
2 sin(t)**2``, so ``||u - s y|| <= |nu - 1| + sqrt(2) ||r|| / (nu delta) =: eps``. The sign
``s`` follows from any entry with ``|u_k| > eps``: ``sign(u_k) = s sign(y_k)``. At either end
of the ``x`` range Racah's sum has a single term (a column-pair sum equals a triad sum there:
at ``x = j2 + j3``, ``j2 + j3 + l2 + l3 = x + l2 + l3``; at ``x = j2 - j3``,
``j3 + x + l3 + l1 = l1 + j2 + l3``; likewise for ``l2, l3``), so ``sign(y_k)`` is
``(-1)^max(triad sums)`` there, exactly; when both ends are below ``eps`` (deep in classically
forbidden regions) it is the sign of the correctly rounded 6j symbol at the largest entry
(:func:`symphys.angular._sixj_large.float_6j`, itself rigorous).

**The 9j and 12j sums.** With each 6j symbol of the sums (:mod:`symphys.angular._ninej_large`)
written as ``y_i(x) / sqrt((X+1)(L_i+1))`` (``L_i`` the doubled argument in the column of
``x``), a sum of ``k`` 6j symbols (``k = 3``: 9j, ``k = 4``: 12j) is::

    sum_x (-1)^odd(x) (X+1) prod_i 6j_i = Q / sqrt(prod_i (L_i+1)),
    Q = sum_x (-1)^odd(x) (X+1)**(1 - k/2) prod_i y_i(x).

``|prod y_i - prod u_i| <= sum_i |y_1..y_(i-1)| |y_i - u_i| |u_(i+1)..u_k|``; summed over ``x``
(Cauchy-Schwarz on two factors, every other entry at most ``max(1, nu)``) this gives
``|Q - Q~| <= w_max sum_i eps_i prod_(a != i) max(1, nu_a)``, ``w_max`` the largest weight
``(X+1)**(1-k/2)`` on the ``x`` range. ``Q~`` itself is summed in integers with the rounding
of each weight bounded. The symbol lies between the correctly rounded floats of the interval's
ends (:func:`symphys.angular._sixj_large._bound`); when they agree that float is the correctly
rounded symbol (Fano's X: ``spec.scale``, an integer product, multiplies the square ``Q**2 /
prod (L_i+1)`` exactly inside that rounding), otherwise ``F`` grows by the shortfall (Ziv's
strategy: J.-M. Muller et al., Handbook of Floating-Point Arithmetic, 2nd ed. (2018),
doi:10.1007/978-3-319-76526-6, sec. 12.1). An interval that holds 0 is narrowed (``F`` grows to
about ``1100`` bits plus the bound's loss) until its ends lie below ``2**-1075``, half the
smallest subnormal float64: the symbol then rounds to zero whether it is exactly 0 or not
(``-0.0`` when the interval shows a negative value, ``0.0`` when its sign stays open), so exact
zeros and values that underflow (common deep in a classically forbidden region, for example
``-7.7e-1133`` at ``j`` about 5000) are decided without any exact arithmetic. Only when that
fails within :data:`MAX_WORK` (or after three passes) is the sum :class:`Undecided`: the
callers prove zeros by symmetry (:func:`symmetry_zero_9j`) or take the Racah-sum path of
:mod:`symphys.angular._ninej_large` (which proves zeros exactly up to about ``j = 380``) and
refuse beyond it.

Cost (closed form, before any work): :func:`cost`, the total length of the ``k`` vectors times
the first pass's bits; refused by the callers above :data:`MAX_COST`.
"""

from __future__ import annotations

import math
from itertools import permutations

from symphys.angular._sixj_large import _bound, float_6j

__all__: list[str] = []

#: largest :func:`cost` accepted (sum of the 6j vectors' lengths times the first pass's bits):
#: every 9j and 12j symbol with all ``j <= 10**4`` fits (nine equal ``j = 10**4`` cost 1.1e7,
#: 0.1 s here, equal 6j vectors computed once; twelve equal ``j = 10**4`` 1.5e7, 0.16 s;
#: random 9j symbols with ``j`` in 5000..10**4: about 0.1 s for a value in the normal range,
#: at most 0.14 s measured, up to 0.8 s for a zero or a value below about ``2**-200``, whose
#: second pass needs about 1100 bits);
#: nine equal ``j`` up to 17360 and twelve equal ``j`` up to 13440 fit
MAX_COST = 2 * 10**7

#: a pass whose cost (vector entries times bits) would exceed this raises :class:`Undecided`
#: (the Ziv loop's later passes: a zero or an underflowing value needs about 1110 bits, within
#: it for every 9j and 12j symbol with all ``j <= 10**4``: measured 0.7 s for a 9j zero at
#: nine equal ``j = 10**4 + 1``, 1.2 s for a 12j zero with ``j`` up to 9999)
MAX_WORK = 6 * MAX_COST

#: passes and the bits of the last call (read by the tests: the Ziv loop was exercised)
PASSES = [0]
LAST_BITS = [0]


#: values below ``2**-_UNDERFLOW`` (half the smallest subnormal float64) round to zero
_UNDERFLOW = 1075

#: the smallest normal float64; below it the final rounding is redone in integers
_MIN_NORMAL = 2.0**-1022


class Undecided(ArithmeticError):
    """The rounding (or a zero) could not be decided within :data:`MAX_WORK`."""


def standard(six: tuple[int, ...], pos: int) -> tuple[int, int, int, int, int]:
    """``(j2, j3, l1, l2, l3)`` of ``{x j2 j3; l1 l2 l3}``, equal to the 6j symbol ``six``
    whose entry ``pos`` (0..5) is ``x`` (its column permutations and upper/lower swaps in two
    columns). The triads holding ``x`` become ``(x j2 j3)`` and ``(x l2 l3)``."""
    col, low = pos % 3, pos >= 3
    others = [c for c in range(3) if c != col]
    u = [six[c] for c in others]
    d = [six[c + 3] for c in others]
    conj = six[col] if low else six[col + 3]
    if low:  # swap upper and lower in x's column and the first other column
        return d[0], u[1], conj, u[0], d[1]
    return u[0], u[1], conj, d[0], d[1]


def _x_range(j2: int, j3: int, l2: int, l3: int) -> tuple[int, int]:
    return max(abs(j2 - j3), abs(l2 - l3)), min(j2 + j3, l2 + l3)


def _gap(j2: int, j3: int, l1: int, l2: int, l3: int) -> int:
    """``delta`` (module docstring) in units of ``lambda``: ``4 l1`` or ``4 (l1+1)`` (doubled
    ``l1``: ``2 l1`` or ``2 (l1+2)``); 0 when ``l1`` is the only admissible value."""
    lo = max(abs(j2 - l3), abs(l2 - j3))
    hi = min(j2 + l3, l2 + j3)
    gaps = []
    if l1 - 2 >= lo:
        gaps.append(2 * l1)
    if l1 + 2 <= hi:
        gaps.append(2 * (l1 + 2))
    return min(gaps) if gaps else 0


def _coefficients(j2: int, j3: int, l1: int, l2: int, l3: int, G: int, a: int = 0,
                  b: int | None = None):
    """``(X0, n, D, B)``: the first doubled ``x``, the vector's length, and for the entries
    ``a..b`` (default all) ``D[k - a] = floor(2**G (lambda - alpha))`` and
    ``B[k - a] = floor(2**G beta)`` (between entries ``k`` and ``k+1``, ``k < b``), exact
    floors."""
    X0, X1 = _x_range(j2, j3, l2, l3)
    n = (X1 - X0) // 2 + 1
    if b is None:
        b = n - 1
    J2, J3 = j2 * (j2 + 2), j3 * (j3 + 2)
    M1, M2, M3 = l1 * (l1 + 2), l2 * (l2 + 2), l3 * (l3 + 2)
    base = J2 + J3 + M2 + M3 - 2 * M1
    cross = (M2 - M3) * (J2 - J3)
    d23, s23, e23, t23 = j2 - j3, j2 + j3 + 2, l2 - l3, l2 + l3 + 2
    d23, e23 = d23 * d23, e23 * e23
    s23, t23 = s23 * s23, t23 * t23
    isqrt = math.isqrt
    D = []
    B = []
    for k in range(a, b + 1):
        X = X0 + 2 * k
        Jd = X * (X + 2)
        if Jd:
            # lambda - alpha = -(Jd (base - Jd) + cross) / (4 Jd)
            D.append(-((Jd * (base - Jd) + cross) << G) // (4 * Jd))
        else:
            D.append(-(base << G) // 4)
        if k < b:
            Y = (X + 2) * (X + 2)
            num = (Y - d23) * (s23 - Y) * (Y - e23) * (t23 - Y)
            den = 64 * Y * (X + 1) * (X + 3)
            B.append(isqrt((num << (2 * G)) // den))
    return X0, n, D, B


def _walk(D: list[int], B: list[int], F: int, steps: int, *, peak: bool
          ) -> tuple[list[int], list[int]]:
    """``v[k+1] = (D[k] v[k] - B[k-1] v[k-1]) / B[k]`` from ``v[0] = 2**F`` for ``steps``
    steps (with ``peak``, stopping before the first entry not larger than the one before): the
    entries and their binary exponents (``v[k] 2**e[k]``; a value growing past ``2**(F+32)`` is
    rescaled to about ``2**F``, so the growth through a forbidden region costs nothing)."""
    cap = 1 << (F + 32)
    vs, es = [1 << F], [0]
    prev, cur, e = 0, 1 << F, 0
    for k in range(steps):
        nxt = (D[k] * cur - (B[k - 1] * prev if k else 0)) // B[k]
        if peak and abs(nxt) <= abs(cur):
            break
        if abs(nxt) > cap:
            s = abs(nxt).bit_length() - F
            prev, cur, nxt = cur >> s, cur >> s, nxt >> s
            e += s
        else:
            prev = cur
        cur = nxt
        vs.append(cur)
        es.append(e)
    return vs, es


def _runs(D: list[int], B: list[int], F: int) -> tuple[list[int], list[int]]:
    """An approximate eigenvector (integers, common scale, largest entry about ``2**F``):
    forward to the first local maximum, backward from the upper end to it, matched there;
    and each entry's ``log2 |v|`` relative to the largest (about; ``-2**62`` for 0), which
    tells the next pass where the entries fall below its precision."""
    n = len(D)
    if n == 1:
        return [1 << F], [0]
    # forward to the first local maximum m, backward from the upper end down to m (the
    # backward recurrence is the forward one on the reversed coefficients)
    fv, fe = _walk(D, B, F, n - 1, peak=True)
    m = len(fv) - 1
    bv, be = _walk(D[::-1], B[::-1], F, n - 1 - m, peak=False)
    bv.reverse()
    be.reverse()  # bv[i] is entry m + i
    # scale: forward entries as they are; backward ones times fv[m] 2**fe[m] / bv[0] 2**be[0]
    lead = fe[m] + fv[m].bit_length()
    shift = F + 8 - lead  # the forward part's largest entry is at m: about 2**(F+8)
    out = [(v << (shift + x)) if shift + x >= 0 else (v >> -(shift + x))
           for v, x in zip(fv, fe, strict=True)]
    num, den = fv[m], bv[0]
    if den == 0:
        den = 1
    for v, x in zip(bv[1:], be[1:], strict=True):
        s = shift + fe[m] + x - be[0]
        w = v * num
        out.append((w << s) // den if s >= 0 else (w >> -s) // den)
    back = lead - be[0] - den.bit_length()
    logs = [x + v.bit_length() if v else -(1 << 62) for v, x in zip(fv, fe, strict=True)]
    logs += [back + x + v.bit_length() if v else -(1 << 62)
             for v, x in zip(bv[1:], be[1:], strict=True)]
    top = max(logs)
    return out, [g - top for g in logs]


def vector(j2: int, j3: int, l1: int, l2: int, l3: int, F: int,
           keep: tuple[int, int] | None = None):
    """``(X0, u, eps, nu_hi, logs)``: ``u`` integers with ``||u 2**-F - y|| <= eps 2**-F`` for
    the unit vector ``y(x) = sqrt((X+1)(l1+1)) {x j2 j3; l1 l2 l3}`` (doubled arguments;
    entry ``k`` at ``X = X0 + 2k``) and ``||u|| <= nu_hi 2**-F`` (module docstring); ``eps``
    is ``None`` when the bound fails to fix the sign (more bits needed). ``keep = (a, b)``
    computes the entries ``a..b`` only, the others 0 (entries known to lie far below
    ``2**-F``; the residual's rows ``a - 1`` and ``b + 1`` account for the cut, so the bound
    stays rigorous); ``logs`` as :func:`_runs` gives them (``-2**62`` outside ``keep``)."""
    G = F + 16
    X0, X1 = _x_range(j2, j3, l2, l3)
    n = (X1 - X0) // 2 + 1
    k_lo, k_hi = (0, n - 1) if keep is None else keep
    a, b = max(k_lo - 1, 0), min(k_hi + 1, n - 1)  # residual rows
    X0, n, D, B = _coefficients(j2, j3, l1, l2, l3, G, a, b)
    w0, w1 = k_lo - a, k_hi - a
    v, logs = _runs(D[w0:w1 + 1], B[w0:w1], F)
    nrm = math.isqrt(sum(x * x for x in v)) or 1
    w = [(x << F) // nrm for x in v]
    n2 = sum(x * x for x in w)
    lo = math.isqrt(n2)
    hi = lo + (lo * lo != n2)
    one = 1 << F
    if n == 1:
        eps = max(one - lo, hi - one)
    else:
        # 2**G r_k = B[k-1] u[k-1] - D[k] u[k] + B[k] u[k+1] + err, |err| < |u[k-1]|+|u[k]|+|u[k+1]|
        # over the rows a..b (u = 0 outside k_lo..k_hi; every other row of r is 0)
        # |c_k| <= 2**sh (|c_k| >> sh) + 1): squares of short integers, an upper bound
        ul = [0] * w0 + w + [0] * (b - k_hi)
        m = len(ul)
        sh = G - 16
        c2 = 0
        for k in range(m):
            c = -D[k] * ul[k]
            if k:
                c += B[k - 1] * ul[k - 1]
            if k < m - 1:
                c += B[k] * ul[k + 1]
            c = (abs(c) >> sh) + 1
            c2 += c * c
        R = ((math.isqrt(c2) + 1) << sh) + 1 + 3 * hi  # >= 2**(G+F) ||r||
        delta = _gap(j2, j3, l1, l2, l3)
        # eps 2**-F >= |nu - 1| + sqrt(2) ||r|| / (nu delta), sqrt(2) < 99/70
        tail = -(-(99 * R << F) // (70 * delta * lo << G)) if lo else one
        eps = max(one - lo, hi - one) + tail
    u = [0] * k_lo + w + [0] * (n - 1 - k_hi)
    logs = [-(1 << 62)] * k_lo + logs + [-(1 << 62)] * (n - 1 - k_hi)
    # the sign: at either end of the x range the Racah sum is a single term (a column-pair
    # sum equals a triad sum there), of sign (-1)^max(triad sums); elsewhere the correctly
    # rounded 6j symbol at the largest entry
    for k in sorted({0, n - 1} & {k_lo, k_hi}, key=lambda i: -abs(u[i])):
        if abs(u[k]) > eps:
            X = X0 + 2 * k
            top = max(X + j2 + j3, X + l2 + l3, l1 + j2 + l3, l1 + l2 + j3) // 2
            positive = top % 2 == 0
            break
    else:
        k = max(range(n), key=lambda i: abs(u[i]))
        if abs(u[k]) <= eps:
            return X0, u, None, hi, logs
        ref = float_6j((X0 + 2 * k, j2, j3, l1, l2, l3))
        if ref == 0.0:  # impossible for a valid symbol (|y_k| >= |u_k| - eps > 0): no sign
            return X0, u, None, hi, logs
        positive = ref > 0
    if positive != (u[k] > 0):
        u = [-x for x in u]
    return X0, u, eps, hi, logs


def cost(spec, F: int | None = None) -> int:
    """Closed-form cost of :func:`float_sum` on ``spec`` (a ``_ninej_large._Spec``): the total
    length of its 6j vectors times the first pass's bits."""
    if spec.lo > spec.hi:
        return 0
    total = 0
    for six in spec.sixes(-1):
        j2, j3, l1, l2, l3 = standard(six, six.index(-1))
        lo, hi = _x_range(j2, j3, l2, l3)
        total += max((hi - lo) // 2 + 1, 0)
    return total * (first_bits(spec) if F is None else F)


def first_bits(spec) -> int:
    """The first pass's ``F``: 64 bits plus the loss of the bound (``||T|| / delta`` and
    ``sqrt(n)``, about ``2.5 log2 j``) plus a guess of the cancellation (``3 log2 j``)."""
    return 96 + 6 * max(spec.top, 2).bit_length()


def float_sum(spec, first: int | None = None) -> float:
    """The correctly rounded float of the ``_ninej_large._Spec`` sum (rows, columns and
    ``fixed`` triads close; checked by the caller), times ``sqrt(prod spec.scale)`` folded
    into the single rounding (Fano's X), by the module docstring's method; raises
    :class:`Undecided` when the interval keeps holding 0 (or the bits run out)."""
    if spec.lo > spec.hi:
        return 0.0
    forms = []
    for six in spec.sixes(-1):
        forms.append(standard(six, six.index(-1)))
    k = len(forms)
    norm = math.prod(f[2] + 1 for f in forms)  # prod (L_i + 1)
    # the symbol is C 2**-e sqrt(scale) / sqrt(norm) = C 2**-e sqrt(scale norm) / norm
    scale = math.prod(spec.scale)
    F = first_bits(spec) if first is None else max(first, 8)
    length = cost(spec, 1)
    passes = zero_passes = 0
    logs: dict = {}
    while True:
        passes += 1
        PASSES[0], LAST_BITS[0] = passes, F
        memo: dict = {}  # equal standard forms (symmetric symbols) share their vector
        for f in forms:
            if f not in memo:
                memo[f] = vector(*f, F, _window(logs.get(f), F))
        if not logs:  # the first (full) pass's magnitudes place every later pass's cuts
            logs = {f: v[4] for f, v in memo.items()}
        vecs = [memo[f] for f in forms]
        if any(v[2] is None for v in vecs):
            grow = F
        else:
            total, rad = _interval(spec, vecs, F)
            e = (k + 1) * F
            if abs(total) > rad:
                lo = _bound(abs(total) - rad, 1, norm, scale * norm, e, False)
                hi = _bound(abs(total) + rad, 1, norm, scale * norm, e, True)
                if lo == hi and lo < _MIN_NORMAL:  # subnormal: round in integers
                    lo = _subnormal(abs(total) - rad, norm, e, scale)
                    hi = _subnormal(abs(total) + rad, norm, e, scale)
                if lo == hi:
                    return lo if total > 0 else -lo
                grow = max(rad.bit_length() + 66 - (abs(total) - rad).bit_length(), 32)
            else:  # the interval holds 0
                top = abs(total) + rad
                if (top * top * scale) << (2 * _UNDERFLOW) < norm << (2 * e):
                    # |symbol| < 2**-1075: it rounds to zero (an exact 0 or not)
                    if total - rad > 0:
                        return 0.0
                    return -0.0 if total + rad < 0 else 0.0
                zero_passes += 1
                if zero_passes > 2:
                    raise Undecided(f"the value stays within its error bound of 0 at {F} bits "
                                    "(a zero, or a value too close to 0)")
                # bits to bring the error bound (about 2**(rad bits - e) sqrt(scale / norm))
                # below 2**-1075
                grow = max(rad.bit_length() - e - (norm.bit_length() - 1) // 2
                           + (scale.bit_length() + 1) // 2 + _UNDERFLOW + 32, 32)
        if length * (F + grow) > MAX_WORK:
            raise Undecided(f"the next pass would cost {length * (F + grow):.3g} (vector "
                            f"entries times bits), more than MAX_WORK = {MAX_WORK:.3g}")
        F += grow


def _subnormal(c: int, norm: int, e: int, scale: int = 1) -> float:
    """``c 2**-e sqrt(scale / norm)`` correctly rounded where that is below ``2**-1022``
    (round half to even on the subnormal grid ``2**-1074``, in integers: no double rounding);
    ``inf`` (never equal to a subnormal) above it."""
    num = (c * c * scale) << (2 * 1074)  # s**2 = num / den, s = value * 2**1074
    den = norm << (2 * e)
    q = math.isqrt(num // den)  # q <= s < q + 1
    lhs, rhs = 4 * num, (2 * q + 1) ** 2 * den  # s < q + 1/2 iff lhs < rhs
    m = q if lhs < rhs or (lhs == rhs and q % 2 == 0) else q + 1
    return math.ldexp(float(m), -1074) if m < 1 << 52 else math.inf


def _window(logs: list[int] | None, F: int) -> tuple[int, int] | None:
    """The entries a pass at ``F`` bits computes: those whose ``log2`` (relative to the
    largest, from the previous pass) exceeds ``-(F + 64)``; the tails below are left 0."""
    if logs is None:
        return None
    big = [k for k, g in enumerate(logs) if g > -(F + 64)]
    return (big[0], big[-1]) if big else None


def _interval(spec, vecs, F: int) -> tuple[int, int]:
    """``(C, rad)`` with ``|Q - C 2**-((k+1) F)| <= rad 2**-((k+1) F)`` (module docstring)."""
    k = len(vecs)
    one = 1 << F
    # |Q - Q~| <= w_max sum_i eps_i prod_(a != i) max(1, nu_a)   (units 2**-(k F))
    err = 0
    for i in range(k):
        term = vecs[i][2]
        for a in range(k):
            if a != i:
                term *= max(one, vecs[a][3])
        err += term
    H = F  # the weights' bits
    total = 0
    round_err = 0
    cols = [(v[0], v[1]) for v in vecs]
    isqrt = math.isqrt
    for X in range(spec.lo, spec.hi + 1, 2):
        p = 1
        for X0, u in cols:
            p *= u[(X - X0) // 2]
        if not p:
            continue
        if k == 3:  # weight 1/sqrt(X+1): W <= 2**H w < W + 1, error below |p|
            t = p * isqrt((1 << (2 * H)) // (X + 1))
            round_err += abs(p)
        else:  # weight 1/(X+1): a floor, error below one unit
            t = (p << H) // (X + 1)
            round_err += 1
        total += -t if spec.odd(X) else t
    if k == 3:
        w_max = isqrt((1 << (2 * H)) // (spec.lo + 1)) + 1
    else:
        w_max = -(-(1 << H) // (spec.lo + 1))
    return total, err * w_max + round_err + 1


def symmetry_zero_9j(t: tuple[int, ...]) -> bool:
    """True when one of the 9j symbol's odd symmetries (an odd permutation of rows or of
    columns, possibly with the transposition) maps it to itself and the sum of its nine
    arguments is odd: then ``9j = -9j = 0`` (Edmonds sec. 6.4). Doubled arguments."""
    if (sum(t) // 2) % 2 == 0:
        return False
    rows = [t[0:3], t[3:6], t[6:9]]
    for pr in permutations(range(3)):
        for pc in permutations(range(3)):
            if _parity(pr) == _parity(pc):
                continue
            m = [[rows[pr[i]][pc[c]] for c in range(3)] for i in range(3)]
            if m == [list(r) for r in rows]:
                return True
            if [list(r) for r in zip(*m, strict=True)] == [list(r) for r in rows]:
                return True
    return False


def _parity(p: tuple[int, ...]) -> int:
    return sum(1 for i in range(len(p)) for j in range(i + 1, len(p)) if p[i] > p[j]) & 1
