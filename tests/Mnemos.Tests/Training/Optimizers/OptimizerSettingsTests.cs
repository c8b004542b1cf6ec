// OptimizerSettings: torch's defaults, the one-line text form (Describe/Parse), metadata pairs and
// the error messages of Validate and Parse (snapshots: the texts users see).
using Mnemos.Training.Optimizers;

namespace Mnemos.Tests.Training.Optimizers;

public class OptimizerSettingsTests
{
    [Fact]
    public void Factories_use_torch_optim_defaults()
    {
        var adam = OptimizerSettings.Adam();
        Assert.Equal((OptimizerKind.Adam, 1e-3, 0.9, 0.999, 1e-8, 0.0, false),
            (adam.Kind, adam.LearningRate, adam.Beta1, adam.Beta2, adam.Eps, adam.WeightDecay, adam.AmsGrad));
        var adamW = OptimizerSettings.AdamW();
        Assert.Equal((OptimizerKind.AdamW, 1e-3, 0.9, 0.999, 1e-8, 1e-2, false),
            (adamW.Kind, adamW.LearningRate, adamW.Beta1, adamW.Beta2, adamW.Eps, adamW.WeightDecay, adamW.AmsGrad));
        var rms = OptimizerSettings.RmsProp();
        Assert.Equal((OptimizerKind.RmsProp, 1e-2, 0.99, 1e-8, 0.0, 0.0, false),
            (rms.Kind, rms.LearningRate, rms.Alpha, rms.Eps, rms.WeightDecay, rms.Momentum, rms.Centered));
        var sgd = OptimizerSettings.Sgd(learningRate: 0.1, momentum: 0.9);
        Assert.Equal((OptimizerKind.Sgd, 0.1, 0.9, 0.0, 0.0, false),
            (sgd.Kind, sgd.LearningRate, sgd.Momentum, sgd.Dampening, sgd.WeightDecay, sgd.Nesterov));
        Assert.Equal(1e-4, OptimizerSettings.Adam(learningRate: 1e-4).LearningRate);
    }

    [Fact]
    public void Describe_writes_every_hyper_parameter_of_the_kind()
    {
        Assert.Equal("sgd lr=0.1 momentum=0 dampening=0 weight_decay=0 nesterov=false", OptimizerSettings.Sgd().Describe());
        Assert.Equal("rmsprop lr=0.01 alpha=0.99 eps=1e-08 weight_decay=0 momentum=0 centered=false",
            OptimizerSettings.RmsProp().Describe());
        Assert.Equal("adam lr=0.001 betas=0.9,0.999 eps=1e-08 weight_decay=0 amsgrad=false", OptimizerSettings.Adam().Describe());
        Assert.Equal("adamw lr=0.001 betas=0.9,0.999 eps=1e-08 weight_decay=0.01 amsgrad=false", OptimizerSettings.AdamW().Describe());
        Assert.Equal("sgd lr=0.01 momentum=0.9 dampening=0 weight_decay=0.0005 nesterov=true",
            OptimizerSettings.Sgd(learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4, nesterov: true).Describe());
    }

    [Theory]
    [InlineData("adam lr=0.0001 weight_decay=0", "adam lr=0.0001 betas=0.9,0.999 eps=1e-08 weight_decay=0 amsgrad=false")]
    [InlineData("  ADAMW   amsgrad=true betas=0.8,0.99 ", "adamw lr=0.001 betas=0.8,0.99 eps=1e-08 weight_decay=0.01 amsgrad=true")]
    [InlineData("sgd", "sgd lr=0.1 momentum=0 dampening=0 weight_decay=0 nesterov=false")]
    [InlineData("sgd nesterov=true momentum=0.9 lr=3e-3", "sgd lr=0.003 momentum=0.9 dampening=0 weight_decay=0 nesterov=true")]
    [InlineData("rmsprop centered=true eps=1e-6 alpha=0.9", "rmsprop lr=0.01 alpha=0.9 eps=1e-06 weight_decay=0 momentum=0 centered=true")]
    public void Parse_takes_any_subset_of_keys_and_round_trips_through_Describe(string text, string described)
    {
        var settings = OptimizerSettings.Parse(text);
        Assert.Equal(described, settings.Describe());
        Assert.Equal(settings, OptimizerSettings.Parse(settings.Describe()));
    }

    [Fact]
    public void Describe_round_trips_values_that_have_no_short_decimal()
    {
        var settings = OptimizerSettings.Adam(learningRate: 1.0 / 3, beta2: 0.1 + 0.2, eps: 1e-300, weightDecay: Math.PI);
        Assert.Equal(settings, OptimizerSettings.Parse(settings.Describe()));
    }

    [Fact]
    public void Key_value_pairs_for_metadata_match_Describe()
    {
        var settings = OptimizerSettings.Adam(learningRate: 1e-4, amsGrad: true);
        var pairs = settings.ToKeyValuePairs();
        Assert.Equal(
            ["optimizer=adam", "lr=0.0001", "betas=0.9,0.999", "eps=1e-08", "weight_decay=0", "amsgrad=true"],
            pairs.Select(p => $"{p.Key}={p.Value}"));
        Assert.Equal(settings.Describe(), pairs[0].Value + string.Concat(pairs.Skip(1).Select(p => $" {p.Key}={p.Value}")));
    }

    [Theory]
    [InlineData("", "optimizer '': expected a kind: sgd, rmsprop, adam or adamw")]
    [InlineData("lbfgs lr=1", "optimizer 'lbfgs': unknown kind; expected sgd, rmsprop, adam or adamw")]
    [InlineData("adam momentum=0.9", "optimizer 'adam momentum=0.9': adam has no 'momentum'; keys: lr, betas, eps, weight_decay, amsgrad")]
    [InlineData("sgd beta1=0.9", "optimizer 'sgd beta1=0.9': sgd has no 'beta1'; keys: lr, momentum, dampening, weight_decay, nesterov")]
    [InlineData("rmsprop amsgrad=true", "optimizer 'rmsprop amsgrad=true': rmsprop has no 'amsgrad'; keys: lr, alpha, eps, weight_decay, momentum, centered")]
    [InlineData("adam lr", "optimizer 'adam lr': 'lr' is not key=value")]
    [InlineData("adam lr=", "optimizer 'adam lr=': 'lr=' is not key=value")]
    [InlineData("adam lr=fast", "optimizer 'adam lr=fast': lr=fast: 'fast' is not a number")]
    [InlineData("adam lr=1e-3 lr=1e-4", "optimizer 'adam lr=1e-3 lr=1e-4': 'lr' given twice")]
    [InlineData("adam amsgrad=yes", "optimizer 'adam amsgrad=yes': amsgrad=yes: expected true or false")]
    [InlineData("adam betas=0.9", "optimizer 'adam betas=0.9': betas=0.9: expected two numbers 'b1,b2'")]
    public void Parse_rejects_unknown_kinds_keys_and_malformed_values_naming_the_valid_ones(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => OptimizerSettings.Parse(text));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("adam lr=0", "adam lr=0: must be greater than 0")]
    [InlineData("sgd lr=-0.1", "sgd lr=-0.1: must be greater than 0")]
    [InlineData("adam lr=NaN", "adam lr=nan: must be a finite number")]
    [InlineData("rmsprop lr=Infinity", "rmsprop lr=infinity: must be a finite number")]
    [InlineData("adamw weight_decay=-0.01", "adamw weight_decay=-0.01: must be at least 0")]
    [InlineData("adam betas=1,0.999", "adam betas[0]=1: must be in [0, 1)")]
    [InlineData("adamw betas=0.9,-0.5", "adamw betas[1]=-0.5: must be in [0, 1)")]
    [InlineData("adam eps=0", "adam eps=0: must be greater than 0")]
    [InlineData("rmsprop alpha=1", "rmsprop alpha=1: must be in [0, 1)")]
    [InlineData("rmsprop momentum=-0.9", "rmsprop momentum=-0.9: must be at least 0")]
    [InlineData("sgd momentum=-0.9", "sgd momentum=-0.9: must be at least 0")]
    [InlineData("sgd momentum=0.9 dampening=1.5", "sgd dampening=1.5: must be in [0, 1]")]
    [InlineData("sgd nesterov=true", "sgd nesterov=true with momentum=0 dampening=0: nesterov needs momentum > 0 and dampening = 0")]
    [InlineData("sgd nesterov=true momentum=0.9 dampening=0.1",
        "sgd nesterov=true with momentum=0.9 dampening=0.1: nesterov needs momentum > 0 and dampening = 0")]
    public void Validate_names_the_bad_value_in_one_line(string text, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => OptimizerSettings.Parse(text));
        Assert.Equal(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Validate_and_Create_check_settings_built_in_code()
    {
        var bad = OptimizerSettings.Adam(learningRate: 0);
        Assert.Equal("adam lr=0: must be greater than 0", Assert.Throws<ArgumentException>(bad.Validate).Message);
        Assert.Throws<ArgumentException>(() => bad.Create(10));
        var noMomentum = OptimizerSettings.Sgd(momentum: 0.9, nesterov: true) with { Momentum = 0 };
        Assert.Throws<ArgumentException>(noMomentum.Validate);
        Assert.Throws<ArgumentOutOfRangeException>(() => OptimizerSettings.Adam().Create(-1));
        OptimizerSettings.AdamW(learningRate: 1e-4).Validate();
    }

    // Regression: Create, Validate and the key list used to treat every kind that was not sgd or
    // rmsprop as adam, so a kind outside the enum built and described an Adam optimizer.
    [Fact]
    public void A_kind_outside_the_enum_is_refused_everywhere_in_one_line_naming_it()
    {
        const OptimizerKind Unknown = (OptimizerKind)7;
        const string Message = "optimizer kind 7: unknown; expected sgd, rmsprop, adam or adamw";
        var settings = OptimizerSettings.Adam() with { Kind = Unknown };
        Action[] uses =
        [
            () => settings.Create(3),
            settings.Validate,
            () => settings.Describe(),
            () => settings.ToKeyValuePairs(),
            () => OptimizerSettings.KindName(Unknown),
            () => OptimizerSettings.Default(Unknown),
        ];
        foreach (var use in uses) Assert.Equal(Message, Assert.Throws<ArgumentException>(use).Message);
    }

    [Theory]
    [InlineData("sgd", OptimizerKind.Sgd)]
    [InlineData("RMSprop", OptimizerKind.RmsProp)]
    [InlineData("adam", OptimizerKind.Adam)]
    [InlineData("AdamW", OptimizerKind.AdamW)]
    public void ParseKind_reads_the_four_names_in_any_case(string text, OptimizerKind kind)
    {
        Assert.Equal(kind, OptimizerSettings.ParseKind(text));
        Assert.Equal("optimizer 'lbfgs': unknown kind; expected sgd, rmsprop, adam or adamw",
            Assert.Throws<FormatException>(() => OptimizerSettings.ParseKind("lbfgs")).Message);
    }

    [Theory]
    [InlineData("sgd", "")]
    [InlineData("sgd momentum=0.9", "momentum_buffer")]
    [InlineData("rmsprop", "square_avg")]
    [InlineData("rmsprop centered=true momentum=0.5", "grad_avg momentum_buffer square_avg")]
    [InlineData("adam", "exp_avg exp_avg_sq")]
    [InlineData("adamw amsgrad=true", "exp_avg exp_avg_sq max_exp_avg_sq")]
    public void Create_gives_zero_state_with_torch_buffer_names(string text, string bufferNames)
    {
        var settings = OptimizerSettings.Parse(text);
        var optimizer = settings.Create(5);
        var state = optimizer.ExportState();
        Assert.Equal((settings, 5, 0L), (optimizer.Settings, optimizer.ParameterCount, optimizer.StepCount));
        Assert.Equal(OptimizerSettings.KindName(settings.Kind), state.Kind);
        Assert.Equal(bufferNames, string.Join(' ', state.Buffers.Keys.Order()));
        Assert.All(state.Buffers.Values, b => Assert.Equal(new float[5], b));
    }
}
