// System.Numerics.Complex in cell files. By default System.Text.Json writes a complex number's four
// read-only properties and reads nothing back, so a reused cell had every eigenvalue 0 and a report
// from stored cells differed from the run that computed them. This converter reads "real" and
// "imaginary" (files written before it exist, with "magnitude" and "phase" beside them) and writes
// the same four properties, so cell files keep their form.
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mnemos.Experiments;

sealed class ComplexJsonConverter : JsonConverter<Complex>
{
    public override Complex Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"complex number: expected an object, found {reader.TokenType}");
        double? real = null, imaginary = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString() ?? "";
            reader.Read();
            double value = JsonSerializer.Deserialize<double>(ref reader, options);
            if (name == Name(options, "Real")) real = value;
            else if (name == Name(options, "Imaginary")) imaginary = value;
        }
        if (real is null || imaginary is null) throw new JsonException("complex number: its real or imaginary part is missing");
        return new Complex(real.Value, imaginary.Value);
    }

    public override void Write(Utf8JsonWriter writer, Complex value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, part) in new[] { ("Real", value.Real), ("Imaginary", value.Imaginary), ("Magnitude", value.Magnitude), ("Phase", value.Phase) })
        {
            writer.WritePropertyName(Name(options, name));
            JsonSerializer.Serialize(writer, part, options);
        }
        writer.WriteEndObject();
    }

    static string Name(JsonSerializerOptions options, string property) => options.PropertyNamingPolicy?.ConvertName(property) ?? property;
}
