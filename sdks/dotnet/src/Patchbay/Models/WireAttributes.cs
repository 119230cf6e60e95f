using System;

namespace Patchbay
{
    /// <summary>Marks the model of a <c>components.schemas</c> entry of openapi.json (checked by the coverage test).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public sealed class OpenApiSchemaAttribute : Attribute
    {
        public OpenApiSchemaAttribute(string name) { Name = name; }
        public string Name { get; }
    }

    /// <summary>Marks the method that performs an operation (method + path template) of openapi.json.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class OpenApiOperationAttribute : Attribute
    {
        public OpenApiOperationAttribute(string method, string path)
        {
            Method = method;
            Path = path;
        }

        public string Method { get; }
        public string Path { get; }
    }
}
