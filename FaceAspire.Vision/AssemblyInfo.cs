namespace FaceAspire.Vision;
