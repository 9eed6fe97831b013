using Pvi.Identity.Extensions;
using Pvi.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddHostDefaults();
builder.AddIdentityProvider();

var app = builder.Build();
app.UseIdentityProvider();
app.MapIdentityProvider();
app.Run();

public partial class Program;
