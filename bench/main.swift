import TrainingCore
print(matmul(Tensor([[1, 2], [3, 4]]), Tensor([[5, 6], [7, 8]])))
