// Pasting HTML with an image adds a preview of the image as a blob: address, like a real composer.
document.getElementById('draft').addEventListener('paste', async (event) => {
  const html = event.clipboardData ? event.clipboardData.getData('text/html') : '';
  if (!/<img\b/i.test(html)) return;
  const blob = await (await fetch('upload-1.png')).blob();
  const preview = document.createElement('img');
  preview.src = URL.createObjectURL(blob);
  preview.alt = '';
  preview.width = 120;
  preview.height = 90;
  document.getElementById('previews').append(preview);
});
