namespace NativeSeg.Imaging;

/// <summary>The Gaussian error function and distribution, for point-spread functions and slice profiles.</summary>
public static class SpecialFunctions
{
    public static double NormalCdf(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));

    /// <summary>erf with |error| &lt; 1.2e-7 (Numerical Recipes erfc, Chebyshev fit).</summary>
    public static double Erf(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
                   t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - r : r - 1;
    }
}
