using Pvi.Gateway.Extensions;
using Pvi.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddBasicServiceDefaults();
builder.AddGateway();

var app = builder.Build();
app.UseGateway();
app.MapDefaultEndpoints();
app.MapGateway();
app.Run();

public partial class Program;
