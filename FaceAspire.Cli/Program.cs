Console.WriteLine("faceaspire");
