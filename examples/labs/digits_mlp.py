# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lab: handwritten digits with an MLP
#
# A multi-layer perceptron (MLP) is the simplest deep network: layers of weighted
# sums, each followed by a non-linearity. In this lab scikit-learn's
# `MLPClassifier` learns to read handwritten digits. You will:
#
# 1. load images of digits and look at how they are stored,
# 2. train an MLP and report its accuracy on training and on test images,
# 3. look at test images with the predicted and the true label, mistakes included.
#
# This page is a notebook: [download it](digits_mlp.ipynb) and run it with Jupyter
# (`pip install scikit-learn matplotlib jupyter`). Everything shown below is the output
# of an actual run; nothing here needs a GPU or a download.

# %%
import socket

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import fetch_openml, load_digits
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

# %% [markdown]
# ## Choose the data
#
# The classic dataset is MNIST (Modified NIST, from 1998): 70,000 images of 28×28
# pixels, downloaded from OpenML on first use and cached (`fetch_openml` also needs
# pandas). scikit-learn also ships a small dataset of real handwritten digits, 1,797
# images of 8×8 pixels, that needs no download. This lab uses the small one by
# default, so it runs anywhere in seconds; set `DATASET = "mnist"` to train the same
# code on MNIST. Without a network connection the MNIST branch gives up after one
# quick retry and falls back to the small dataset, saying so.

# %%
DATASET = "digits"  # or "mnist": the full 28×28 MNIST from OpenML (needs internet)


def load_images(name):
    """Return (X, y): one row of pixel values per image, and the digit it shows."""
    if name == "mnist":
        previous = socket.getdefaulttimeout()
        socket.setdefaulttimeout(10)  # fetch_openml sets no timeout: never wait forever
        try:
            X, y = fetch_openml("mnist_784", version=1, return_X_y=True, as_frame=False,
                                n_retries=1, delay=1.0)
            return X, y.astype(int)  # OpenML stores the labels as strings
        except Exception as error:  # no network, a firewall, OpenML down...
            print(f"Could not fetch MNIST from OpenML ({type(error).__name__}: {error}).")
            print("Falling back to the 8×8 digits that ship with scikit-learn.\n")
        finally:
            socket.setdefaulttimeout(previous)
    return load_digits(return_X_y=True)


X, y = load_images(DATASET)
side = int(np.sqrt(X.shape[1]))  # the images are square: 64 pixels = 8×8, 784 = 28×28
print(f"{len(X)} images of {side}×{side} pixels, labels {sorted(set(y.tolist()))}")
print(f"pixel values from {X.min():.0f} to {X.max():.0f}")

# %% [markdown]
# Each image is a row of `side × side` numbers (grey levels). An MLP does not know
# that the pixels form a picture: it only sees a vector. Scaling the grey levels to
# the range 0–1 keeps the first layer's weighted sums small, which helps the
# optimizer.

# %%
X = X / X.max()
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, random_state=0, stratify=y  # same digit mix in both parts
)
print(f"train: {X_train.shape}, test: {X_test.shape}")

# %% [markdown]
# ## Train the MLP
#
# `MLPClassifier` defaults to one hidden layer of 100 ReLU units and the Adam
# optimizer. `max_iter` caps the number of passes over the training data; training
# stops earlier once the loss no longer improves. `random_state` fixes the initial
# weights and the shuffling, so every run gives the same model.

# %%
mlp = MLPClassifier(max_iter=500, random_state=0)
mlp.fit(X_train, y_train)

train_accuracy = mlp.score(X_train, y_train)
test_accuracy = mlp.score(X_test, y_test)
print(f"stopped after {mlp.n_iter_} passes, final training loss {mlp.loss_:.4f}")
print(f"train accuracy: {train_accuracy:.3f}")
print(f"test accuracy:  {test_accuracy:.3f}")

# %% [markdown]
# The test accuracy is the honest number: those images played no part in training.
# A train accuracy of (nearly) 1.0 with a lower test accuracy is the usual sign of
# some over-fitting; the gap here is small.
#
# The confusion matrix shows which digits get mistaken for which: row = true digit,
# column = predicted digit, the diagonal counts the correct answers.

# %%
predicted = mlp.predict(X_test)
print(confusion_matrix(y_test, predicted))

# %% [markdown]
# ## Look at the predictions
#
# The first test images, each titled with its predicted and true label; wrong
# predictions are in red.

# %%
fig, axes = plt.subplots(3, 8, figsize=(10, 4.6))
for ax, image, guess, truth in zip(axes.flat, X_test, predicted, y_test):
    ax.imshow(image.reshape(side, side), cmap="gray_r")
    ax.set_title(f"pred {guess} / true {truth}", fontsize=9,
                 color="black" if guess == truth else "red")
    ax.axis("off")
fig.suptitle("First test images: predicted / true label")
plt.show()

# %% [markdown]
# And the first eight mistakes: some of the small 8×8 images are ambiguous even
# for a person.

# %%
wrong = np.flatnonzero(predicted != y_test)
print(f"{len(wrong)} of {len(y_test)} test images are misclassified")
fig, axes = plt.subplots(1, 8, figsize=(10, 1.9), squeeze=False)
for ax in axes.flat:
    ax.axis("off")
for ax, index in zip(axes.flat, wrong):
    ax.imshow(X_test[index].reshape(side, side), cmap="gray_r")
    ax.set_title(f"pred {predicted[index]} / true {y_test[index]}", fontsize=9, color="red")
fig.suptitle("Misclassified test images")
plt.show()

# %% [markdown]
# ## Try it yourself
#
# * Change `hidden_layer_sizes` (for example `(32,)` or `(256, 128)`): does the test
#   accuracy follow the number of weights?
# * Train on a tenth of the training images: how much does the test accuracy drop?
# * With internet access, set `DATASET = "mnist"`: the same code trains on 52,500
#   images of 28×28 pixels (a few minutes on a laptop); expect a test accuracy
#   around 0.97.
