# Build and run TranscriptReader in a container (used by docker-compose.yml).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/TranscriptReader.Web -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    Database__MigrateOnStart=true \
    Logging__Format=json
EXPOSE 8080
ENTRYPOINT ["dotnet", "TranscriptReader.Web.dll"]
