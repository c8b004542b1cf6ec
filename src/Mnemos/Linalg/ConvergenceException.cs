// Thrown when an eigenvalue iteration exceeds its iteration budget; the message names the matrix
// order, the unreduced block and the count, so a failing certificate can be reproduced.
namespace Mnemos.Linalg;

/// <summary>An eigenvalue iteration did not converge within its iteration limit.</summary>
internal sealed class ConvergenceException(string message) : ArithmeticException(message);
