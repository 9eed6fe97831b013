using Pvi.ServiceDefaults;
using Pvi.WebConsole.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddHostDefaults();
builder.AddWebConsole();

var app = builder.Build();
app.UseWebConsole();
app.MapDefaultEndpoints();
app.MapWebConsole();
app.Run();

public partial class Program;
