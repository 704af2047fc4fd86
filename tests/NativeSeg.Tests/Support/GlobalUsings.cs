global using NativeSeg.Tests.Support;
