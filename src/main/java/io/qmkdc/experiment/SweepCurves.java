package io.qmkdc.experiment;

import io.qmkdc.optics.ChannelExpectation;
import io.qmkdc.optics.DetectionBatch;
import io.qmkdc.optics.EavesdropperStrategy;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.ExpectedStatistics;
import io.qmkdc.qkd.FiniteKeyAnalysis;
import io.qmkdc.qkd.KeyRateModel;
import io.qmkdc.qkd.KeyRateModel.DecoyMode;
import java.util.List;
import java.util.Locale;

/**
 * The analytic curves drawn beside a sweep's emulated points, all at the profile's μ and ν (the
 * intensities the emulated links use) and in the units of {@link Plots}: bits per second of the
 * profile's clock, QBER as a fraction.
 */
public final class SweepCurves {
    private final LinkProfile profile;
    private final double[] km;
    private final double pulses;

    /** Curves sampled every {@code stepKm} from 0 to {@code toKm}, for emulated blocks of {@code pulses}. */
    public SweepCurves(LinkProfile profile, double toKm, double stepKm, double pulses) {
        this.profile = profile;
        int n = (int) Math.floor(toKm / stepKm + 1e-9) + 1;
        this.km = new double[n];
        for (int i = 0; i < n; i++) {
            km[i] = i * stepKm;
        }
        this.pulses = pulses;
    }

    /** Fig. 10: sifted (exact model), infinite decoy, vacuum + weak, finite key at this block size, PLOB. */
    public List<Curve> keyRate() {
        KeyRateModel model = new KeyRateModel(profile);
        double rate = profile.repetitionRateHz();
        double mu = profile.signalMu();
        double[] sifted = new double[km.length];
        double[] infinite = new double[km.length];
        double[] vacuumWeak = new double[km.length];
        double[] finite = new double[km.length];
        double[] plob = new double[km.length];
        ExpectedStatistics.Protocol lim = limProtocol();
        for (int i = 0; i < km.length; i++) {
            ChannelExpectation channel = new ChannelExpectation(profile, km[i], new EavesdropperStrategy.None());
            sifted[i] = rate * profile.signalProbability() * channel.siftedFraction() * channel.gain(DetectionBatch.SIGNAL);
            infinite[i] = model.at(km[i], DecoyMode.INFINITE, mu).secureBitsPerSecond();
            vacuumWeak[i] = model.at(km[i], DecoyMode.VACUUM_WEAK, mu).secureBitsPerSecond();
            finite[i] = rate * Math.max(0, ExpectedStatistics.keyRatePerPulse(
                    ExpectedStatistics.Channel.of(profile, km[i]), lim, pulses));
            plob[i] = rate * model.plobPerPulse(km[i]);
        }
        return List.of(
                new Curve("sifted (exact model)", km, sifted),
                new Curve(String.format(Locale.ROOT, "infinite decoy (GLLP, eq. 13), mu=%.2f", mu), km, infinite),
                new Curve(String.format(Locale.ROOT, "vacuum+weak decoy, nu=%.2f (Ma et al. 2005)", profile.decoyNu()), km, vacuumWeak),
                new Curve(String.format(Locale.ROOT, "finite key, N=%.0e pulses (Lim et al. 2014)", pulses), km, finite),
                new Curve("PLOB bound", km, plob));
    }

    /** Fig. 11: the exact detector model's QBER of the signal class. */
    public List<Curve> qber() {
        double[] q = new double[km.length];
        for (int i = 0; i < km.length; i++) {
            q[i] = new ChannelExpectation(profile, km[i], new EavesdropperStrategy.None()).errorRate(DetectionBatch.SIGNAL);
        }
        return List.of(new Curve("QBER, exact detector model", km, q));
    }

    /** Fig. 12, left axis: QBER against the vacuum + weak secure rate. */
    public List<Curve> qberVsSecureRate() {
        return vsSecureRate(false);
    }

    /** Fig. 12, right axis: erroneous sifted bits per second against the vacuum + weak secure rate. */
    public List<Curve> errorsVsSecureRate() {
        return vsSecureRate(true);
    }

    private List<Curve> vsSecureRate(boolean errors) {
        KeyRateModel model = new KeyRateModel(profile);
        double[] x = new double[km.length];
        double[] y = new double[km.length];
        int n = 0;
        for (double d : km) {
            KeyRateModel.Point p = model.at(d, DecoyMode.VACUUM_WEAK, profile.signalMu());
            if (p.secureBitsPerSecond() <= 0) {
                continue;
            }
            x[n] = p.secureBitsPerSecond();
            y[n] = errors ? p.qber() * p.siftedBitsPerSecond() : p.qber();
            n++;
        }
        return List.of(new Curve(errors ? "errors, analytic" : "QBER, analytic", java.util.Arrays.copyOf(x, n),
                java.util.Arrays.copyOf(y, n)));
    }

    /** The emulated protocol in Lim et al.'s terms: μ, ν, vacuum with the profile's probabilities, symmetric bases. */
    private ExpectedStatistics.Protocol limProtocol() {
        FiniteKeyAnalysis.Source source = new FiniteKeyAnalysis.Source(
                new FiniteKeyAnalysis.PerIntensity(profile.signalMu(), profile.decoyNu(), 0.0),
                new FiniteKeyAnalysis.PerIntensity(profile.signalProbability(), profile.decoyProbability(),
                        profile.vacuumProbability()));
        return new ExpectedStatistics.Protocol(source, 0.5, 0.5, profile.errorCorrectionEfficiency(), 1e-10, 1e-15);
    }
}
