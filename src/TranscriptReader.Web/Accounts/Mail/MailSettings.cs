using System.ComponentModel.DataAnnotations;

namespace TranscriptReader.Web.Accounts.Mail;

/// <summary>
/// Outgoing mail (section <c>Mail</c>), used for password-reset links. Without <see cref="SmtpHost"/> no mail
/// is sent and the "forgot password" page is off; admins can still make reset links by hand.
/// </summary>
public sealed class MailSettings : IValidatableObject
{
    public const string Section = "Mail";

    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    /// <summary><c>auto</c> (STARTTLS when offered), <c>starttls</c>, <c>tls</c> (TLS from the first byte) or <c>none</c>.</summary>
    public string Security { get; set; } = "auto";
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary>The sender, e.g. <c>TranscriptReader &lt;reader@example.org&gt;</c>.</summary>
    public string? From { get; set; }
    /// <summary>
    /// The instance's public address (<c>https://reader.example.org</c>) for links in mail. Required with SMTP:
    /// a link built from the request's Host header would let anyone who asks for a reset choose where it points.
    /// </summary>
    public string? PublicUrl { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(SmtpHost);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }
        if (string.IsNullOrWhiteSpace(From))
        {
            yield return new ValidationResult($"{Section}:From is required when {Section}:SmtpHost is set.");
        }
        if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult($"{Section}:PublicUrl must be the instance's http(s) address when {Section}:SmtpHost is set (it is '{PublicUrl}').");
        }
        if (Security.ToLowerInvariant() is not ("auto" or "starttls" or "tls" or "none"))
        {
            yield return new ValidationResult($"{Section}:Security must be auto, starttls, tls or none (it is '{Security}').");
        }
        if (SmtpPort is < 1 or > 65535)
        {
            yield return new ValidationResult($"{Section}:SmtpPort must be a port number (it is {SmtpPort}).");
        }
    }
}
