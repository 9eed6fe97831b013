using Pvi.EventsTestApp;
using Pvi.ServiceDefaults;

// Runs as a publisher or a subscriber by configuration (Events:AppId), for tests across real processes.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEventsTestApp();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapEventsTestApp();
app.Run();

public partial class Program;
