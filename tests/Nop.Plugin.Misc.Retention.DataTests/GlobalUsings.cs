global using Moq;
global using NUnit.Framework;
