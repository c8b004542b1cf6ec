// A rough time-to-target: fits log10(loss) against epoch over the recent window and extrapolates
// to the target at the current speed. Null while the loss is not falling.
namespace Mnemos.Training;

sealed class EtaEstimator(double targetMse)
{
    long anchorEpoch = -1;
    double anchorLog;

    public TimeSpan? Update(long epoch, double loss, double epochsPerSecond)
    {
        if (!(loss > 0) || !double.IsFinite(loss) || targetMse <= 0) return null;
        double log = Math.Log10(loss);
        TimeSpan? result = null;
        if (anchorEpoch >= 0 && epoch > anchorEpoch && epochsPerSecond > 0)
        {
            double slope = (log - anchorLog) / (epoch - anchorEpoch); // decades per epoch
            if (slope < 0)
            {
                double epochsLeft = (Math.Log10(targetMse) - log) / slope;
                if (epochsLeft >= 0 && epochsLeft < 1e12) result = TimeSpan.FromSeconds(epochsLeft / epochsPerSecond);
            }
        }
        anchorEpoch = epoch;
        anchorLog = log;
        return result;
    }
}
