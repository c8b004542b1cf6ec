// Activations and their derivatives on spans, vectorized. Transcendentals come from
// TensorPrimitives (SIMD exp, sin, cos, tanh, sigmoid, accurate to a few ulp over the whole float
// range); piecewise parts use Vector512/256 selects with a scalar tail. Naive twin:
// Reference/ReferenceActivations (double). Shapes: any length; z, y, dy, dz of equal length.
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Mnemos.Kernels;

/// <summary>φ(z), φ′(z) and dy·φ′(z) for every <see cref="Activation"/>.</summary>
public static class ActivationKernels
{
    const int Chunk = 512; // derivative scratch per block, so Backward may run in place
    const float SinusoidFrequency = 10f, SinusoidDivisor = 5f, LeakySlope = (float)Activations.LeakySlope;

    /// <summary>y = φ(z). <paramref name="y"/> may be <paramref name="z"/>.</summary>
    public static void Forward(Activation a, ReadOnlySpan<float> z, Span<float> y)
    {
        CheckLengths(z.Length, y.Length);
        if (z.Length == 0) return;
        switch (a)
        {
            case Activation.Identity: z.CopyTo(y); break;
            case Activation.Relu: TensorPrimitives.Max(z, 0f, y); break;
            case Activation.LeakyRelu: LeakyRelu(z, y); break;
            case Activation.Selu: Selu(z, y); break;
            case Activation.Swish: Swish(z, y); break;
            case Activation.Cosid:
                // cos(z) − z: the subtraction reads z, so compute cos into y only when they are distinct.
                if (Overlaps(z, y)) Blocked(z, y, static (zc, yc) => { TensorPrimitives.Cos(zc, yc); TensorPrimitives.Subtract(yc, zc, yc); });
                else { TensorPrimitives.Cos(z, y); TensorPrimitives.Subtract(y, z, y); }
                break;
            case Activation.Sinusoid:
                Blocked(z, y, static (zc, yc) =>
                {
                    Span<float> s = stackalloc float[zc.Length];
                    TensorPrimitives.Multiply(zc, SinusoidFrequency, s);
                    TensorPrimitives.Sin(s, s);
                    TensorPrimitives.MultiplyAdd(s, 1f / SinusoidDivisor, zc, yc);
                });
                break;
            case Activation.Sigmoid: TensorPrimitives.Sigmoid(z, y); break;
            case Activation.Tanh: TensorPrimitives.Tanh(z, y); break;
            default: throw new ArgumentOutOfRangeException(nameof(a), a, "unknown activation");
        }
    }

    /// <summary>d = φ′(z). <paramref name="d"/> may be <paramref name="z"/>.</summary>
    public static void Derivative(Activation a, ReadOnlySpan<float> z, Span<float> d)
    {
        CheckLengths(z.Length, d.Length);
        if (z.Length == 0) return;
        Blocked(z, d, a, static (act, zc, dc) => DerivativeBlock(act, zc, dc));
    }

    /// <summary>dz = dy·φ′(z). <paramref name="dz"/> may be <paramref name="dy"/> (in-place backward).</summary>
    public static void Backward(Activation a, ReadOnlySpan<float> z, ReadOnlySpan<float> dy, Span<float> dz)
    {
        CheckLengths(z.Length, dy.Length);
        CheckLengths(z.Length, dz.Length);
        if (a == Activation.Identity) { dy.CopyTo(dz); return; }
        Span<float> slope = stackalloc float[Chunk];
        for (int start = 0; start < z.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, z.Length - start);
            var s = slope[..n];
            DerivativeBlock(a, z.Slice(start, n), s);
            TensorPrimitives.Multiply(dy.Slice(start, n), s, dz.Slice(start, n));
        }
    }

    static void DerivativeBlock(Activation a, ReadOnlySpan<float> z, Span<float> d)
    {
        switch (a)
        {
            case Activation.Identity: d.Fill(1f); break;
            case Activation.Relu: Step(z, d, 1f, 0f); break;
            case Activation.LeakyRelu: Step(z, d, 1f, LeakySlope); break;
            case Activation.Selu:
            {
                // x > 0: λ; else λ·α·eˣ.
                Span<float> e = stackalloc float[z.Length];
                TensorPrimitives.Min(z, 0f, e);
                TensorPrimitives.Exp(e, e);
                TensorPrimitives.Multiply(e, (float)(Activations.SeluScale * Activations.SeluAlpha), e);
                Select(z, (float)Activations.SeluScale, e, d);
                break;
            }
            case Activation.Swish:
            {
                // σ + x·σ·(1 − σ) = σ·(1 + x·(1 − σ)).
                Span<float> s = stackalloc float[z.Length];
                TensorPrimitives.Sigmoid(z, s);
                for (int i = 0; i < z.Length; i++) d[i] = s[i] * (1f + z[i] * (1f - s[i]));
                break;
            }
            case Activation.Cosid:
                TensorPrimitives.Sin(z, d);
                TensorPrimitives.Add(d, 1f, d);
                TensorPrimitives.Negate(d, d);
                break;
            case Activation.Sinusoid:
                // 1 + (10/5)·cos(10x).
                TensorPrimitives.Multiply(z, SinusoidFrequency, d);
                TensorPrimitives.Cos(d, d);
                TensorPrimitives.Multiply(d, SinusoidFrequency / SinusoidDivisor, d);
                TensorPrimitives.Add(d, 1f, d);
                break;
            case Activation.Sigmoid:
                TensorPrimitives.Sigmoid(z, d);
                for (int i = 0; i < d.Length; i++) d[i] *= 1f - d[i];
                break;
            case Activation.Tanh:
                TensorPrimitives.Tanh(z, d);
                for (int i = 0; i < d.Length; i++) d[i] = 1f - d[i] * d[i];
                break;
            default: throw new ArgumentOutOfRangeException(nameof(a), a, "unknown activation");
        }
    }

    static void LeakyRelu(ReadOnlySpan<float> z, Span<float> y)
    {
        // max(z, 0.01·z) equals z for z ≥ 0 and 0.01·z below.
        Span<float> scaled = stackalloc float[Math.Min(Chunk, z.Length)];
        for (int start = 0; start < z.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, z.Length - start);
            TensorPrimitives.Multiply(z.Slice(start, n), LeakySlope, scaled[..n]);
            TensorPrimitives.Max(z.Slice(start, n), scaled[..n], y.Slice(start, n));
        }
    }

    static void Selu(ReadOnlySpan<float> z, Span<float> y) => Blocked(z, y, static (zc, yc) =>
    {
        // x > 0: λx; else λα(eˣ − 1), with eˣ of min(x, 0) so large x cannot overflow.
        Span<float> e = stackalloc float[zc.Length];
        TensorPrimitives.Min(zc, 0f, e);
        TensorPrimitives.Exp(e, e);
        TensorPrimitives.Subtract(e, 1f, e);
        TensorPrimitives.Multiply(e, (float)(Activations.SeluScale * Activations.SeluAlpha), e);
        Span<float> positive = stackalloc float[zc.Length];
        TensorPrimitives.Multiply(zc, (float)Activations.SeluScale, positive);
        SelectBySign(zc, positive, e, yc);
    });

    static void Swish(ReadOnlySpan<float> z, Span<float> y) => Blocked(z, y, static (zc, yc) =>
    {
        Span<float> s = stackalloc float[zc.Length];
        TensorPrimitives.Sigmoid(zc, s);
        TensorPrimitives.Multiply(zc, s, yc);
    });

    // d = z > 0 ? above : below.
    static void Step(ReadOnlySpan<float> z, Span<float> d, float above, float below)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= z.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var mask = Vector512.GreaterThan(Vector512.Create(z[i..]), Vector512<float>.Zero);
                Vector512.ConditionalSelect(mask, Vector512.Create(above), Vector512.Create(below)).CopyTo(d[i..]);
            }
        for (; i <= z.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var mask = Vector256.GreaterThan(Vector256.Create(z[i..]), Vector256<float>.Zero);
            Vector256.ConditionalSelect(mask, Vector256.Create(above), Vector256.Create(below)).CopyTo(d[i..]);
        }
        for (; i < z.Length; i++) d[i] = z[i] > 0 ? above : below;
    }

    // d = z > 0 ? constant : other.
    static void Select(ReadOnlySpan<float> z, float constant, ReadOnlySpan<float> other, Span<float> d)
    {
        for (int i = 0; i < z.Length; i++) d[i] = z[i] > 0 ? constant : other[i];
    }

    // y = z > 0 ? positive : negative.
    static void SelectBySign(ReadOnlySpan<float> z, ReadOnlySpan<float> positive, ReadOnlySpan<float> negative, Span<float> y)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= z.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var mask = Vector512.GreaterThan(Vector512.Create(z[i..]), Vector512<float>.Zero);
                Vector512.ConditionalSelect(mask, Vector512.Create(positive[i..]), Vector512.Create(negative[i..])).CopyTo(y[i..]);
            }
        for (; i < z.Length; i++) y[i] = z[i] > 0 ? positive[i] : negative[i];
    }

    delegate void BlockAction(ReadOnlySpan<float> z, Span<float> y);
    delegate void BlockAction<T>(T state, ReadOnlySpan<float> z, Span<float> y);

    // Runs the action on chunks so stack scratch stays small and y may alias z chunk by chunk.
    static void Blocked(ReadOnlySpan<float> z, Span<float> y, BlockAction action)
    {
        Span<float> copy = stackalloc float[Math.Min(Chunk, z.Length)];
        bool alias = Overlaps(z, y);
        for (int start = 0; start < z.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, z.Length - start);
            scoped ReadOnlySpan<float> zc = z.Slice(start, n);
            if (alias) { zc.CopyTo(copy); zc = copy[..n]; }
            action(zc, y.Slice(start, n));
        }
    }

    static void Blocked<T>(ReadOnlySpan<float> z, Span<float> y, T state, BlockAction<T> action)
    {
        Span<float> copy = stackalloc float[Math.Min(Chunk, z.Length)];
        bool alias = Overlaps(z, y);
        for (int start = 0; start < z.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, z.Length - start);
            scoped ReadOnlySpan<float> zc = z.Slice(start, n);
            if (alias) { zc.CopyTo(copy); zc = copy[..n]; }
            action(state, zc, y.Slice(start, n));
        }
    }

    static bool Overlaps(ReadOnlySpan<float> z, Span<float> y) => z.Overlaps(y);

    static void CheckLengths(int expected, int actual)
    {
        if (expected != actual) throw new ArgumentException($"span lengths differ: {expected} and {actual}");
    }
}
