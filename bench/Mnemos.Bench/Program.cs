// Benchmarks entry point.
Console.WriteLine("bench");
