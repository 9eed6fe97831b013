using Pvi.PhoneOverflow.Extensions;
using Pvi.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapApplicationEndpoints();
app.Run();

public partial class Program;
