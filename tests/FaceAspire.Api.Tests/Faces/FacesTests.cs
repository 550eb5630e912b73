using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Faces;

/// <summary>
/// Compare, search and people over real photos analysed by the real engine. The demo photos of the face-api package
/// show one family: the largest face of sample 3 is the same person as one face of sample 1 (similarity above 99),
/// and the other faces of the two photos are below 80 against it.
/// </summary>
public sealed class FacesTests(FacesApiFactory factory) : ApiTest<FacesApiFactory>(factory), IClassFixture<FacesApiFactory>
{
    [Fact]
    public async Task Compare_and_search_find_the_same_person_in_another_photo()
    {
        var user = await SignUpAsync();
        var photos = await user.Http.UploadAnalysedAsync(3, 1);
        var (single, group) = (photos[0], photos[1]);

        var (status, compared) = await user.Http.PostJsonAsync("/api/compare", new { sourcePhotoId = single.Photo, targetPhotoId = group.Photo });
        status.ShouldBe(HttpStatusCode.OK, compared.ToString());
        compared.GetProperty("SourceImageFace").GetProperty("FaceId").GetGuid().ShouldBe(single.Faces[0]);
        compared.GetProperty("SourceImageFace").GetProperty("BoundingBox").GetProperty("Width").GetSingle().ShouldBeInRange(0.01f, 1f);
        var matches = compared.GetProperty("FaceMatches");
        matches.GetArrayLength().ShouldBe(1);
        matches[0].GetProperty("Similarity").GetSingle().ShouldBeGreaterThan(95f);
        var match = matches[0].GetProperty("Face").GetProperty("FaceId").GetGuid();
        group.Faces.ShouldContain(match);
        compared.GetProperty("UnmatchedFaces").GetArrayLength().ShouldBe(group.Faces.Count - 1);

        // Threshold 0: every target face matches, best first, and the best is the same face.
        var (_, all) = await user.Http.PostJsonAsync("/api/compare", new { sourcePhotoId = single.Photo, targetPhotoId = group.Photo, similarityThreshold = 0 });
        var similarities = all.GetProperty("FaceMatches").EnumerateArray().Select(m => m.GetProperty("Similarity").GetSingle()).ToList();
        similarities.Count.ShouldBe(group.Faces.Count);
        similarities.ShouldBeInOrder(SortDirection.Descending);
        all.GetProperty("FaceMatches")[0].GetProperty("Face").GetProperty("FaceId").GetGuid().ShouldBe(match);

        // An explicit source face; a face that is not in the source photo is not found there.
        var (reverse, reversed) = await user.Http.PostJsonAsync("/api/compare", new { sourcePhotoId = group.Photo, targetPhotoId = single.Photo, sourceFaceId = match });
        reverse.ShouldBe(HttpStatusCode.OK);
        FacesClient.MatchedFaceIds(reversed).First().ShouldBe(single.Faces[0]);
        (await user.Http.PostJsonAsync("/api/compare", new { sourcePhotoId = single.Photo, targetPhotoId = group.Photo, sourceFaceId = match })).Status
            .ShouldBe(HttpStatusCode.NotFound);
        var (bad, problem) = await user.Http.PostJsonAsync("/api/compare", new { sourcePhotoId = single.Photo, targetPhotoId = group.Photo, similarityThreshold = 101 });
        bad.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("similarityThreshold", out _).ShouldBeTrue();

        // Search over all the user's photos: the same face, never the searched face itself.
        var (searched, found) = await user.Http.PostJsonAsync($"/api/faces/{single.Faces[0]}/search", new { });
        searched.ShouldBe(HttpStatusCode.OK, found.ToString());
        found.GetProperty("SearchedFaceId").GetGuid().ShouldBe(single.Faces[0]);
        FacesClient.MatchedFaceIds(found).First().ShouldBe(match);
        found.GetProperty("FaceMatches")[0].GetProperty("Face").GetProperty("PhotoId").GetGuid().ShouldBe(group.Photo);
        var (_, everyone) = await user.Http.PostJsonAsync($"/api/faces/{single.Faces[0]}/search", new { threshold = 0, maxResults = 100 });
        var everyFace = single.Faces.Concat(group.Faces).Where(f => f != single.Faces[0]).ToList();
        FacesClient.MatchedFaceIds(everyone).ShouldBe(everyFace, ignoreOrder: true);
        var (_, two) = await user.Http.PostJsonAsync($"/api/faces/{single.Faces[0]}/search", new { threshold = 0, maxResults = 2 });
        FacesClient.MatchedFaceIds(two).Count().ShouldBe(2);
        (await user.Http.PostJsonAsync($"/api/faces/{single.Faces[0]}/search", new { maxResults = 0 })).Status.ShouldBe(HttpStatusCode.BadRequest);

        // Search by a photo that is not stored: its largest face, found in the stored copy of the same photo.
        var response = await user.Http.PostAsync("/api/search", Uploads.Form(("probe.jpg", TestImages.SampleFace(3), "image/jpeg")), Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        var byImage = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement;
        byImage.GetProperty("SearchedFaceBoundingBox").GetProperty("Width").GetSingle().ShouldBeInRange(0.01f, 1f);
        FacesClient.MatchedFaceIds(byImage).Take(2).ShouldBe([single.Faces[0], match], ignoreOrder: true);
        byImage.GetProperty("FaceMatches")[0].GetProperty("Similarity").GetSingle().ShouldBeGreaterThan(99f);
        (await user.Http.GetFromJsonAsync<PageBody<PhotoBody>>("/api/photos", Cancellation))!.TotalCount.ShouldBe(2);
        var noFace = await user.Http.PostAsync("/api/search", Uploads.Form(("landscape.jpg", TestImages.Jpeg(), "image/jpeg")), Cancellation);
        noFace.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noFace.ProblemAsync()).Errors!["file"].ShouldBe(["No face was found in the photo."]);

        var crop = await user.Http.GetAsync($"/api/faces/{match}/image", Cancellation);
        crop.StatusCode.ShouldBe(HttpStatusCode.OK);
        crop.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
    }

    [Fact]
    public async Task People_are_grouped_named_merged_and_corrected_and_keep_that_through_new_photos()
    {
        var user = await SignUpAsync();
        var photos = await user.Http.UploadAnalysedAsync(3, 1);
        var faceCount = photos.Sum(p => p.Faces.Count);
        // One face per person needed here: every face gets a person; the matching pair shares one.
        var people = await user.Http.WaitForPeopleAsync(p => p.Sum(x => x.FaceCount) == faceCount);
        people.Count.ShouldBeLessThan(faceCount);
        people.Count.ShouldBeGreaterThanOrEqualTo(3);
        var pair = (await user.Http.WaitForPersonOfAsync(photos[0].Faces[0])).Person;
        pair.FaceCount.ShouldBeGreaterThanOrEqualTo(2);
        pair.PhotoCount.ShouldBe(2);
        pair.CoverFace.ShouldNotBeNull();

        var renamed = await user.Http.PatchAsJsonAsync($"/api/people/{pair.Id}", new { name = "  Ada  " }, Cancellation);
        renamed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await renamed.Content.ReadFromJsonAsync<PersonBody>(Cancellation))!.Name.ShouldBe("Ada");
        (await user.Http.PatchAsJsonAsync($"/api/people/{pair.Id}", new { name = new string('x', 101) }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // The gallery filtered by the person shows both photos; by a one-face person, one.
        var filtered = (await user.Http.GetFromJsonAsync<PageBody<PhotoBody>>($"/api/photos?personId={pair.Id}", Cancellation))!;
        filtered.Items.Select(p => p.Id).ShouldBe(photos.Select(p => p.Photo), ignoreOrder: true);

        // Merge two of the one-face people into the named one.
        var others = people.Where(p => p.Id != pair.Id).OrderBy(p => p.FaceCount).ToList();
        var merged = await user.Http.PostAsJsonAsync($"/api/people/{pair.Id}/merge", new { otherPersonId = others[0].Id }, Cancellation);
        merged.StatusCode.ShouldBe(HttpStatusCode.OK, await merged.Content.ReadAsStringAsync(Cancellation));
        (await merged.Content.ReadFromJsonAsync<PersonBody>(Cancellation))!.FaceCount.ShouldBe(pair.FaceCount + others[0].FaceCount);
        (await user.Http.GetAsync($"/api/people/{others[0].Id}/faces", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await user.Http.PostAsJsonAsync($"/api/people/{pair.Id}/merge", new { otherPersonId = pair.Id }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // Move that face back out of every person, and another into Ada by hand.
        var movedOut = others[0].CoverFace!.FaceId;
        var outResponse = await user.Http.PostAsJsonAsync($"/api/faces/{movedOut}/person", new { personId = (Guid?)null }, Cancellation);
        outResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        var movedIn = others[1].CoverFace!.FaceId;
        (await user.Http.PostAsJsonAsync($"/api/faces/{movedIn}/person", new { personId = pair.Id }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A new photo is clustered too; the name and both moves survive that run.
        var before = await ClusteredVersionAsync(user);
        await user.Http.UploadAnalysedAsync(4);
        await WaitUntilAsync(async () => await ClusteredVersionAsync(user) > before);
        var after = (await user.Http.GetFromJsonAsync<PersonFacesBody>($"/api/people/{pair.Id}/faces", Cancellation))!;
        after.Person.Name.ShouldBe("Ada");
        after.Faces.Select(f => f.FaceId).ShouldContain(movedIn);
        after.Faces.Single(f => f.FaceId == movedIn).MovedByHand.ShouldBeTrue();
        after.Faces.Select(f => f.FaceId).ShouldNotContain(movedOut);
        var everyone = await user.Http.GetFromJsonAsync<List<PersonBody>>("/api/people", Cancellation);
        everyone![0].Name.ShouldBe("Ada");

        // Re-analysing a photo keeps its faces' ids, people and moves.
        var requested = DateTimeOffset.UtcNow;
        (await user.Http.PostAsync($"/api/photos/{photos[0].Photo}/analysis", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var again = await user.Http.WaitForAnalysisAsync(photos[0].Photo, after: requested);
        again.Faces.Select(f => f.Id).ShouldBe(photos[0].Faces);
        var kept = (await user.Http.GetFromJsonAsync<PersonFacesBody>($"/api/people/{pair.Id}/faces", Cancellation))!;
        kept.Faces.Select(f => f.FaceId).ShouldBe(after.Faces.Select(f => f.FaceId), ignoreOrder: true);
        kept.Faces.Single(f => f.FaceId == movedIn).MovedByHand.ShouldBeTrue();
        everyone.SelectMany(p => new[] { p.CoverFace?.FaceId }).ShouldNotContain(movedOut);
    }

    [Fact]
    public async Task Another_users_photos_faces_and_people_are_404_and_searches_never_cross_users()
    {
        var owner = await SignUpAsync();
        var ownerPhotos = await owner.Http.UploadAnalysedAsync(3, 1);
        var ownerPerson = (await owner.Http.WaitForPersonOfAsync(ownerPhotos[0].Faces[0])).Person;
        var other = await SignUpAsync();
        var otherPhotos = await other.Http.UploadAnalysedAsync(3);
        var otherPerson = (await other.Http.WaitForPeopleAsync(p => p.Count > 0))[0];
        var (foreignPhoto, foreignFace, ownFace) = (ownerPhotos[1].Photo, ownerPhotos[1].Faces[0], otherPhotos[0].Faces[0]);

        // The same person is in both accounts: every search of the other user stays in their own photos.
        var (_, byFace) = await other.Http.PostJsonAsync($"/api/faces/{ownFace}/search", new { threshold = 0, maxResults = 4096 });
        FacesClient.MatchedFaceIds(byFace).ShouldBe(otherPhotos[0].Faces.Skip(1), ignoreOrder: true);
        var byImage = await other.Http.PostAsync("/api/search", Uploads.Form(("probe.jpg", TestImages.SampleFace(1), "image/jpeg")), Cancellation);
        var body = System.Text.Json.JsonDocument.Parse(await byImage.Content.ReadAsStringAsync(Cancellation)).RootElement;
        body.GetProperty("FaceMatches").EnumerateArray().Select(m => m.GetProperty("Face").GetProperty("PhotoId").GetGuid()).ShouldAllBe(p => p == otherPhotos[0].Photo);

        (await other.Http.PostJsonAsync($"/api/faces/{foreignFace}/search", new { })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.PostJsonAsync("/api/compare", new { sourcePhotoId = otherPhotos[0].Photo, targetPhotoId = foreignPhoto })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.PostJsonAsync("/api/compare", new { sourcePhotoId = foreignPhoto, targetPhotoId = otherPhotos[0].Photo })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.PostJsonAsync("/api/compare", new { sourcePhotoId = otherPhotos[0].Photo, targetPhotoId = otherPhotos[0].Photo, sourceFaceId = foreignFace })).Status
            .ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.GetAsync($"/api/faces/{foreignFace}/image", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.PostJsonAsync($"/api/faces/{foreignFace}/person", new { personId = otherPerson.Id })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.PostJsonAsync($"/api/faces/{ownFace}/person", new { personId = ownerPerson.Id })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.GetAsync($"/api/people/{ownerPerson.Id}/faces", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.PatchAsJsonAsync($"/api/people/{ownerPerson.Id}", new { name = "Mallory" }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.PostJsonAsync($"/api/people/{otherPerson.Id}/merge", new { otherPersonId = ownerPerson.Id })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.PostJsonAsync($"/api/people/{ownerPerson.Id}/merge", new { otherPersonId = otherPerson.Id })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.GetAsync($"/api/photos?personId={ownerPerson.Id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.GetFromJsonAsync<List<PersonBody>>("/api/people", Cancellation))!.Select(p => p.Id).ShouldNotContain(ownerPerson.Id);

        // Nothing the other user tried changed the owner's person: no name, and only the owner's own faces (the
        // background clustering may still add more of them, so the count is not fixed here).
        var unchanged = (await owner.Http.GetFromJsonAsync<PersonFacesBody>($"/api/people/{ownerPerson.Id}/faces", Cancellation))!;
        unchanged.Person.Name.ShouldBeNull();
        unchanged.Faces.Count.ShouldBeGreaterThanOrEqualTo(ownerPerson.FaceCount);
        unchanged.Faces.Select(f => f.PhotoId).ShouldAllBe(photo => ownerPhotos.Any(p => p.Photo == photo));
    }

    [Fact]
    public async Task Deleting_a_photo_on_any_instance_deletes_its_descriptors_and_turning_recognition_off_deletes_them_all()
    {
        var user = await SignUpAsync();
        var photos = await user.Http.UploadAnalysedAsync(3, 1);
        var (_, before) = await user.Http.PostJsonAsync($"/api/faces/{photos[0].Faces[0]}/search", new { threshold = 0 });
        FacesClient.MatchedFaceIds(before).Count().ShouldBe(photos.Sum(p => p.Faces.Count) - 1);
        (await CountDescriptorsAsync(user)).ShouldBe(photos.Sum(p => p.Faces.Count));

        // Deleted through a second API instance on the same database: the first one's index (loaded by the search
        // above) notices on its next search.
        await using (var replica = new FacesApiFactory(Factory.Postgres))
        {
            await replica.InitializeAsync();
            var other = replica.CreateApiClient();
            other.DefaultRequestHeaders.Authorization = new("Bearer", await other.LoginAsync(user.Email, ApiFactory.GoodPassword));
            (await other.DeleteAsync($"/api/photos/{photos[1].Photo}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        (await CountDescriptorsAsync(user)).ShouldBe(photos[0].Faces.Count);
        var (_, after) = await user.Http.PostJsonAsync($"/api/faces/{photos[0].Faces[0]}/search", new { threshold = 0 });
        FacesClient.MatchedFaceIds(after).ShouldBe(photos[0].Faces.Skip(1), ignoreOrder: true);
        (await user.Http.PostJsonAsync($"/api/faces/{photos[1].Faces[0]}/search", new { })).Status.ShouldBe(HttpStatusCode.NotFound);

        // Off: descriptors and people are deleted, and every face route says why it refuses.
        await user.Http.WaitForPeopleAsync(p => p.Count > 0);
        (await user.Http.PutAsJsonAsync("/api/faces/settings", new { enabled = false }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await user.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/faces/settings", Cancellation)).GetProperty("enabled").GetBoolean().ShouldBeFalse();
        (await CountDescriptorsAsync(user)).ShouldBe(0);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().People.CountAsync(Cancellation)).ShouldBe(0);
        }

        var (refused, problem) = await user.Http.PostJsonAsync($"/api/faces/{photos[0].Faces[0]}/search", new { });
        refused.ShouldBe(HttpStatusCode.Conflict);
        problem.GetProperty("title").GetString().ShouldBe("Face recognition is off.");
        (await user.Http.GetAsync("/api/people", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await user.Http.PostJsonAsync("/api/compare", new { sourcePhotoId = photos[0].Photo, targetPhotoId = photos[0].Photo })).Status.ShouldBe(HttpStatusCode.Conflict);

        // A descriptor committed by an analysis that read the switch just before it turned off is swept away.
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
            await db.PhotoFaces.Where(f => f.Id == photos[0].Faces[0])
                .ExecuteUpdateAsync(set => set.SetProperty(f => f.Embedding, new byte[1024]), Cancellation);
        }

        await WaitUntilAsync(async () => await CountDescriptorsAsync(user) == 0, timeoutSeconds: 10);

        // A re-analysis while off keeps no descriptor.
        (await user.Http.PostAsync($"/api/photos/{photos[0].Photo}/analysis", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await user.Http.WaitForAnalysisAsync(photos[0].Photo)).Status.ShouldBe("succeeded");
        (await CountDescriptorsAsync(user)).ShouldBe(0);

        // On again: the photo is re-analysed in the background and its faces are searchable again.
        (await user.Http.PutAsJsonAsync("/api/faces/settings", new { enabled = true }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await WaitUntilAsync(async () => await CountDescriptorsAsync(user) == photos[0].Faces.Count, timeoutSeconds: 60);
        var faces = (await user.Http.WaitForAnalysisAsync(photos[0].Photo)).Faces.Select(f => f.Id).ToList();
        var (again, _) = await user.Http.PostJsonAsync($"/api/faces/{faces[0]}/search", new { });
        again.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Descriptors_of_an_older_engine_version_are_never_searched_and_their_photos_are_re_analysed()
    {
        var user = await SignUpAsync();
        var photos = await user.Http.UploadAnalysedAsync(3, 1);
        var (single, group) = (photos[0], photos[1]);
        var current = Factory.Services.GetRequiredService<FaceAspire.Api.Analysis.IFaceEngine>().Version;

        // The group photo's result as an older engine would have left it: the same descriptor length, another embedder
        // (writing the descriptors again moves the owner's index version, as any descriptor written does). People
        // clustering writes the same rows in the background: wait for it, and retry if PostgreSQL picks this as a
        // deadlock victim.
        await user.Http.WaitForPeopleAsync(p => p.Count > 0);
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);
                await db.PhotoFaces.Where(f => f.PhotoId == group.Photo)
                    .ExecuteUpdateAsync(set => set.SetProperty(f => f.EngineVersion, "older-engine").SetProperty(f => f.Embedding, f => f.Embedding), Cancellation);
                await db.AnalysisJobs.Where(j => j.PhotoId == group.Photo).ExecuteUpdateAsync(set => set.SetProperty(j => j.EngineVersion, "older-engine"), Cancellation);
                await transaction.CommitAsync(Cancellation);
                break;
            }
            catch (Exception ex) when (attempt < 5 && (ex as Npgsql.PostgresException ?? ex.InnerException as Npgsql.PostgresException) is { SqlState: "40P01" })
            {
                await Task.Delay(200, Cancellation);
            }
        }

        var (_, before) = await user.Http.PostJsonAsync($"/api/faces/{single.Faces[0]}/search", new { threshold = 0, maxResults = 100 });
        FacesClient.MatchedFaceIds(before).ShouldBe(single.Faces.Skip(1), ignoreOrder: true);

        // The background re-analysis gives the photo descriptors of the running engine, which are searched again.
        var reanalysed = await user.Http.WaitForAnalysisAsync(group.Photo);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (reanalysed.EngineVersion != current)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "The photo of an older engine version was not re-analysed.");
            await Task.Delay(200, Cancellation);
            reanalysed = await user.Http.WaitForAnalysisAsync(group.Photo);
        }

        var fresh = reanalysed.Faces.Select(f => f.Id).ToList();
        fresh.Count.ShouldBe(group.Faces.Count);
        var (_, after) = await user.Http.PostJsonAsync($"/api/faces/{single.Faces[0]}/search", new { threshold = 0, maxResults = 100 });
        FacesClient.MatchedFaceIds(after).ShouldBe(single.Faces.Skip(1).Concat(fresh), ignoreOrder: true);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_face_route()
    {
        var document = await Factory.CreateApiClient().GetFromJsonAsync<System.Text.Json.JsonElement>("/openapi/v1.json", Cancellation);
        var paths = document.GetProperty("paths");
        foreach (var (path, verb) in new[]
        {
            ("/api/compare", "post"), ("/api/faces/{faceId}/search", "post"), ("/api/search", "post"), ("/api/people", "get"),
            ("/api/people/{id}/faces", "get"), ("/api/people/{id}", "patch"), ("/api/people/{id}/merge", "post"),
            ("/api/faces/{faceId}/person", "post"), ("/api/faces/{faceId}/image", "get"), ("/api/faces/settings", "put"),
        })
        {
            paths.TryGetProperty(path, out var item).ShouldBeTrue(path);
            item.TryGetProperty(verb, out _).ShouldBeTrue($"{verb} {path}");
        }

        // The Rekognition names are the documented ones, not camel-cased.
        var schemas = document.GetProperty("components").GetProperty("schemas");
        schemas.GetProperty("CompareFacesResponse").GetProperty("properties").TryGetProperty("SourceImageFace", out _).ShouldBeTrue();
        schemas.GetProperty("FaceMatchBody").GetProperty("properties").TryGetProperty("Similarity", out _).ShouldBeTrue();
    }

    private async Task<int> CountDescriptorsAsync(SignedInClient user)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        var owner = await db.Users.Where(u => u.Email == user.Email).Select(u => u.Id).SingleAsync(Cancellation);
        return await db.PhotoFaces.CountAsync(f => f.Embedding != null && db.Photos.Any(p => p.Id == f.PhotoId && p.OwnerId == owner), Cancellation);
    }

    private async Task<long> ClusteredVersionAsync(SignedInClient user)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        return await db.FaceOwnerStates.Where(s => db.Users.Any(u => u.Id == s.OwnerId && u.Email == user.Email))
            .Select(s => s.ClusteredVersion).SingleAsync(Cancellation);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"The condition did not hold within {timeoutSeconds} s.");
            await Task.Delay(200, Cancellation);
        }
    }
}
