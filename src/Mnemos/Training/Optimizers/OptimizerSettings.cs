// Optimizer kind and hyper-parameters with torch.optim's defaults, their validation, and the factory
// that builds the optimizer. Text form (Describe/Parse) lives in OptimizerSettings.Text.cs.
using System.Diagnostics.CodeAnalysis;

namespace Mnemos.Training.Optimizers;

public enum OptimizerKind { Sgd, RmsProp, Adam, AdamW }

/// <summary>
/// Hyper-parameters of one optimizer, named after torch.optim's arguments. Fields a kind does not
/// use keep their initial values and are ignored (SGD has no eps, Adam no momentum, ...). Create
/// instances with <see cref="Sgd"/>, <see cref="RmsProp"/>, <see cref="Adam"/>, <see cref="AdamW"/>
/// or <see cref="Parse"/>; adjust with <c>with</c>.
/// </summary>
internal sealed partial record OptimizerSettings
{
    public OptimizerKind Kind { get; init; }

    /// <summary>lr. torch has no SGD default; 0.1 is the study's plain gradient descent rate.</summary>
    public double LearningRate { get; init; }

    /// <summary>weight_decay: L2 term added to the gradient (sgd, rmsprop, adam); decoupled decay p *= 1 − lr·wd (adamw).</summary>
    public double WeightDecay { get; init; }

    /// <summary>momentum (sgd, rmsprop).</summary>
    public double Momentum { get; init; }

    /// <summary>dampening (sgd).</summary>
    public double Dampening { get; init; }

    /// <summary>nesterov (sgd): requires momentum &gt; 0 and dampening 0.</summary>
    public bool Nesterov { get; init; }

    /// <summary>alpha (rmsprop): smoothing constant of the squared-gradient average.</summary>
    public double Alpha { get; init; } = 0.99;

    /// <summary>eps (rmsprop, adam, adamw): added to the denominator after the square root.</summary>
    public double Eps { get; init; } = 1e-8;

    /// <summary>centered (rmsprop): divide by an estimate of the gradient's standard deviation.</summary>
    public bool Centered { get; init; }

    /// <summary>betas[0] (adam, adamw).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>betas[1] (adam, adamw).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>amsgrad (adam, adamw): use the running maximum of exp_avg_sq.</summary>
    public bool AmsGrad { get; init; }

    OptimizerSettings(OptimizerKind kind, double learningRate)
    {
        Kind = kind;
        LearningRate = learningRate;
    }

    public static OptimizerSettings Sgd(double learningRate = 0.1, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false) =>
        new(OptimizerKind.Sgd, learningRate)
        {
            Momentum = momentum, Dampening = dampening, WeightDecay = weightDecay, Nesterov = nesterov,
        };

    public static OptimizerSettings RmsProp(double learningRate = 1e-2, double alpha = 0.99, double eps = 1e-8,
        double weightDecay = 0, double momentum = 0, bool centered = false) =>
        new(OptimizerKind.RmsProp, learningRate)
        {
            Alpha = alpha, Eps = eps, WeightDecay = weightDecay, Momentum = momentum, Centered = centered,
        };

    public static OptimizerSettings Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool amsGrad = false) =>
        new(OptimizerKind.Adam, learningRate)
        {
            Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weightDecay, AmsGrad = amsGrad,
        };

    public static OptimizerSettings AdamW(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 1e-2, bool amsGrad = false) =>
        Adam(learningRate, beta1, beta2, eps, weightDecay, amsGrad) with { Kind = OptimizerKind.AdamW };

    /// <summary>The kind with all of torch's defaults (SGD: lr 0.1).</summary>
    public static OptimizerSettings Default(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => Sgd(),
        OptimizerKind.RmsProp => RmsProp(),
        OptimizerKind.Adam => Adam(),
        OptimizerKind.AdamW => AdamW(),
        _ => throw UnknownKind(kind),
    };

    /// <summary>Validates, then returns a fresh optimizer (zero state, step 0) for <paramref name="parameterCount"/> parameters.</summary>
    public IOptimizer Create(int parameterCount)
    {
        Validate();
        if (parameterCount < 0)
            throw new ArgumentOutOfRangeException(nameof(parameterCount), parameterCount, "parameter count must be at least 0");
        return Kind switch
        {
            OptimizerKind.Sgd => new Sgd(this, parameterCount),
            OptimizerKind.RmsProp => new RmsProp(this, parameterCount),
            OptimizerKind.Adam or OptimizerKind.AdamW => new Adam(this, parameterCount),
            _ => throw UnknownKind(Kind),
        };
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the first invalid hyper-parameter of this kind and
    /// its value, e.g. <c>adam lr=0: must be greater than 0</c>. Checks torch's rules plus: lr &gt; 0
    /// (torch allows 0), eps &gt; 0 (torch allows 0, which divides by zero when a gradient entry stays
    /// 0), alpha in [0, 1), dampening in [0, 1], every value finite.
    /// </summary>
    public void Validate()
    {
        string kind = KindName(Kind);
        foreach (var (key, value) in NumericFields())
            if (!double.IsFinite(value)) Fail(kind, key, value, "must be a finite number");
        if (LearningRate <= 0) Fail(kind, "lr", LearningRate, "must be greater than 0");
        if (WeightDecay < 0) Fail(kind, "weight_decay", WeightDecay, "must be at least 0");
        switch (Kind)
        {
            case OptimizerKind.Sgd:
                if (Momentum < 0) Fail(kind, "momentum", Momentum, "must be at least 0");
                if (Dampening is < 0 or > 1) Fail(kind, "dampening", Dampening, "must be in [0, 1]");
                if (Nesterov && (Momentum <= 0 || Dampening != 0))
                    throw new ArgumentException(
                        $"{kind} nesterov=true with momentum={Format(Momentum)} dampening={Format(Dampening)}: " +
                        "nesterov needs momentum > 0 and dampening = 0");
                break;
            case OptimizerKind.RmsProp:
                if (Alpha is < 0 or >= 1) Fail(kind, "alpha", Alpha, "must be in [0, 1)");
                if (Eps <= 0) Fail(kind, "eps", Eps, "must be greater than 0");
                if (Momentum < 0) Fail(kind, "momentum", Momentum, "must be at least 0");
                break;
            case OptimizerKind.Adam or OptimizerKind.AdamW:
                if (Beta1 is < 0 or >= 1) Fail(kind, "betas[0]", Beta1, "must be in [0, 1)");
                if (Beta2 is < 0 or >= 1) Fail(kind, "betas[1]", Beta2, "must be in [0, 1)");
                if (Eps <= 0) Fail(kind, "eps", Eps, "must be greater than 0");
                break;
            default:
                throw UnknownKind(Kind);
        }
    }

    IEnumerable<(string Key, double Value)> NumericFields()
    {
        yield return ("lr", LearningRate);
        yield return ("weight_decay", WeightDecay);
        switch (Kind)
        {
            case OptimizerKind.Sgd:
                yield return ("momentum", Momentum);
                yield return ("dampening", Dampening);
                break;
            case OptimizerKind.RmsProp:
                yield return ("alpha", Alpha);
                yield return ("eps", Eps);
                yield return ("momentum", Momentum);
                break;
            case OptimizerKind.Adam or OptimizerKind.AdamW:
                yield return ("betas[0]", Beta1);
                yield return ("betas[1]", Beta2);
                yield return ("eps", Eps);
                break;
            default:
                throw UnknownKind(Kind);
        }
    }

    /// <summary>The one-line error for a kind outside the enum, e.g. <c>(OptimizerKind)7</c>.</summary>
    internal static ArgumentException UnknownKind(OptimizerKind kind) =>
        new($"optimizer kind {kind}: unknown; expected {KindList}");

    [DoesNotReturn]
    static void Fail(string kind, string key, double value, string rule) =>
        throw new ArgumentException($"{kind} {key}={Format(value)}: {rule}");
}
